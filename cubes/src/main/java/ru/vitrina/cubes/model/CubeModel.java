package ru.vitrina.cubes.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/** Every cube of the deployment, by name: the one definition of every measure. */
public final class CubeModel {
    private final Map<String, Cube> cubes;
    private final List<String> order;

    public CubeModel(Collection<Cube> cubes) {
        Map<String, Cube> byName = new LinkedHashMap<>();
        cubes.stream().sorted(Comparator.comparing(Cube::name)).forEach(cube -> byName.put(cube.name(), cube));
        this.cubes = Map.copyOf(byName);
        this.order = List.copyOf(byName.keySet());
    }

    public List<Cube> cubes() {
        return order.stream().map(cubes::get).toList();
    }

    public Optional<Cube> cube(String name) {
        return Optional.ofNullable(cubes.get(requireNonNull(name, "name")));
    }

    /** Full names of every member ({@code cube.member}), for suggestions in error messages. */
    public Stream<String> memberNames() {
        return cubes().stream().flatMap(cube -> Stream.concat(
                cube.measures().stream().map(m -> cube.name() + "." + m.name()),
                cube.dimensions().stream().map(d -> cube.name() + "." + d.name())));
    }
}
