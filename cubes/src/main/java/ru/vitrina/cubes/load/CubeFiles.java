package ru.vitrina.cubes.load;

import ru.vitrina.cubes.model.Cube;
import ru.vitrina.cubes.model.CubeModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Finds and reads the cube files: those shipped in the jar, or a folder of a deployment's own. */
public final class CubeFiles {
    /** Where the shipped cubes live on the class path. */
    public static final String BUILT_IN = "cubes";

    private final CubeReader reader = new CubeReader();

    /** The cubes shipped with Vitrina. */
    public CubeModel builtIn() {
        URL folder = CubeFiles.class.getClassLoader().getResource(BUILT_IN);
        if (folder == null) {
            throw new CubeDefinitionException("no built-in cube folder '" + BUILT_IN + "' on the class path");
        }
        try {
            URI uri = folder.toURI();
            if (uri.getScheme().equals("jar")) {
                return readInJar(uri);
            }
            return read(Path.of(uri));
        } catch (URISyntaxException | IOException e) {
            throw new CubeDefinitionException("cannot list the built-in cubes: " + e.getMessage(), e);
        }
    }

    private CubeModel readInJar(URI uri) throws IOException {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
            return read(jar.getPath("/" + BUILT_IN));
        } catch (FileSystemAlreadyExistsException e) {
            // Another reader of the jar has it open: use theirs and leave it open.
            return read(FileSystems.getFileSystem(uri).getPath("/" + BUILT_IN));
        }
    }

    /** Every {@code *.yaml} / {@code *.yml} file of {@code folder}, one cube each. */
    public CubeModel read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new CubeDefinitionException("cube folder " + folder + " does not exist or is not a folder");
        }
        List<Cube> cubes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(CubeFiles::isYaml).sorted().toList()) {
                Cube cube = reader.read(folder.getFileName() + "/" + file.getFileName(), Files.readString(file, StandardCharsets.UTF_8));
                if (!names.add(cube.name())) {
                    throw new CubeDefinitionException(file.getFileName() + ": cube name '" + cube.name() + "' is already used by another file");
                }
                cubes.add(cube);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cube folder " + folder, e);
        }
        if (cubes.isEmpty()) {
            throw new CubeDefinitionException("cube folder " + folder + " holds no *.yaml files");
        }
        return new CubeModel(cubes);
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }
}
