package ru.vitrina.ingest.load;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A StAX reader over a source file whose memory stays bounded whatever the file holds: no text or attribute value
 * of more than {@link #MAX_VALUE} bytes reaches the parser, and no DTD or external entity is read.
 *
 * <p>Aalto (the StAX parser on the class path) holds a whole text token in memory, so a 2 GB text node compressed
 * into a 2 MB ZIP would exhaust any heap. The bytes are therefore cut before the parser sees them: of a run of bytes
 * without {@code <} (a tag's tail and the text after it, or an attribute value), only the first {@link #MAX_VALUE}
 * bytes are passed on and the rest up to the next {@code <} is dropped but for its last kilobyte (an attribute's closing
 * quote), so the parser keeps going at the next tag.
 * {@link #cuts()} says how many runs were cut so far; an adapter compares it before and after a record to quarantine
 * the record with «слишком длинное значение / value too long». Real values of the ЕИС and ЕМИСС files are short
 * (the longest, an organisation's full name, is under 2 000 characters), so 1 MB leaves wide room.
 */
public final class BoundedXml {
    /** The longest value, in bytes, the parser is given. */
    public static final int MAX_VALUE = 1 << 20;

    private static final XMLInputFactory FACTORY = factory();
    // Aalto's messages end with the position, which the quarantine keeps in its own column.
    private static final Pattern POSITION = Pattern.compile("\\s*at \\[row,col[^]]*]: \\[\\d+,\\d+]\\s*$");
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");

    private final Runs runs;
    private final XMLStreamReader reader;

    private BoundedXml(Runs runs, XMLStreamReader reader) {
        this.runs = runs;
        this.reader = reader;
    }

    /** Opens {@code in} for reading; closing the reader is the caller's, by closing {@code in}. */
    public static BoundedXml open(InputStream in) throws XMLStreamException {
        Runs runs = new Runs(requireNonNull(in, "in"), MAX_VALUE);
        return new BoundedXml(runs, FACTORY.createXMLStreamReader(runs));
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }

    public XMLStreamReader reader() {
        return reader;
    }

    /** How many over-long values were cut so far. */
    public long cuts() {
        return runs.cuts;
    }

    /**
     * The text of the element whose start the reader is at, like {@link XMLStreamReader#getElementText()} but
     * gathered token by token and never more than {@link #MAX_VALUE} characters; null when the value was longer (its
     * rest is skipped). The reader is left at the element's end either way.
     */
    public String elementText() throws XMLStreamException {
        long cutsBefore = runs.cuts;
        StringBuilder text = new StringBuilder();
        boolean tooLong = false;
        while (true) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE,
                        XMLStreamConstants.ENTITY_REFERENCE -> {
                    // Many short tokens (text split by comments) add up too: stop gathering, keep skipping.
                    try {
                        if (!tooLong && text.length() + reader.getTextLength() <= MAX_VALUE) {
                            text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                        } else {
                            tooLong = true;
                        }
                    } catch (RuntimeException e) {
                        // Aalto reads a token's text lazily, in these accessors that cannot throw XMLStreamException.
                        if (e.getCause() instanceof XMLStreamException x) {
                            throw x;
                        }
                        throw e;
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    return tooLong || runs.cuts != cutsBefore ? null : text.toString();
                }
                case XMLStreamConstants.START_ELEMENT -> throw new XMLStreamException(
                        "Элемент внутри значения / an element inside a text-only element", reader.getLocation());
                default -> {
                    // comments and processing instructions carry no value
                }
            }
        }
    }

    /**
     * Why a file could not be read, for a quarantine reason: the parser's message without its class name and
     * position (the position goes to the quarantine's own column), a DOCTYPE and its entities named plainly.
     */
    public static String reason(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e.getNestedException() instanceof IOException io && (message.isBlank() || message.contains(io.getClass().getName()))) {
            message = String.valueOf(io.getMessage());
        }
        message = CLASS_NAME.matcher(POSITION.matcher(message).replaceFirst("")).replaceAll("").strip();
        if (message.contains("entity") || message.contains("DOCTYPE") || message.contains("DTD")) {
            // The parser's own words here ("operation not (yet) implemented") would mislead: it is refused on purpose.
            return "Ссылки на сущности (DOCTYPE) не допускаются, остаток файла не прочитан / entity references (DOCTYPE)"
                    + " are not allowed, the rest of the file was not read";
        }
        return "Повреждённый XML, остаток файла не прочитан / malformed XML, the rest of the file was not read: " + message;
    }

    /** Where the parser stopped: "line L, column C", or "?" when it does not say. */
    public static String position(XMLStreamException e) {
        return position(e.getLocation());
    }

    /** Where {@code e} happened, or, when it does not say (a failure of the bytes below), where this reader was. */
    public String where(XMLStreamException e) {
        return position(e.getLocation() != null ? e.getLocation() : reader.getLocation());
    }

    private static String position(Location at) {
        return at == null ? "?" : "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
    }

    /**
     * Passes on at most {@code max} bytes of each run without '<', drops the rest of the run but its last
     * {@link #TAIL} bytes: an attribute value's closing quote and its element's "/>" stay, and the parser goes on.
     */
    private static final class Runs extends BlockFilterInputStream {
        private static final int TAIL = 1024;

        private final int max;
        private final byte[] input = new byte[1 << 16];
        // One fill adds at most one tail: a second cut needs another max bytes, more than one input chunk.
        private final byte[] output = new byte[input.length + TAIL];
        private final byte[] tail = new byte[TAIL];
        private int outputStart;
        private int outputEnd;
        private long tailCount;
        private long run;
        private boolean cutting;
        private long cuts;

        Runs(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (outputStart == outputEnd) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(length, outputEnd - outputStart);
            System.arraycopy(output, outputStart, buffer, offset, n);
            outputStart += n;
            return n;
        }

        private boolean fill() throws IOException {
            int n = in.read(input, 0, input.length);
            if (n < 0) {
                return false;
            }
            outputStart = 0;
            outputEnd = 0;
            int i = 0;
            while (i < n) {
                int next = i;
                while (next < n && input[next] != '<') {
                    next++;
                }
                if (!cutting && run + (next - i) <= max) {
                    // The usual case, a piece of a short run: copied whole.
                    System.arraycopy(input, i, output, outputEnd, next - i);
                    outputEnd += next - i;
                    run += next - i;
                } else {
                    for (int k = i; k < next; k++) {
                        cut(input[k]);
                    }
                }
                if (next < n) {
                    if (cutting) {
                        emitTail();
                        cutting = false;
                    }
                    run = 0;
                    output[outputEnd++] = '<';
                }
                i = next + 1;
            }
            return true;
        }

        /** One byte of a run that may be over the limit. */
        private void cut(byte b) {
            if (cutting) {
                tail[(int) (tailCount++ % TAIL)] = b;
            } else if (run >= max && ((b & 0xc0) != 0x80 || run >= max + 3)) {
                // Cut at a character's first byte, never inside a UTF-8 sequence, so what passes stays well-formed.
                cutting = true;
                cuts++;
                tailCount = 0;
                tail[(int) (tailCount++ % TAIL)] = b;
            } else {
                run++;
                output[outputEnd++] = b;
            }
        }

        private void emitTail() {
            int length = (int) Math.min(tailCount, TAIL);
            int start = (int) (tailCount > TAIL ? tailCount % TAIL : 0);
            int skipped = 0;
            while (skipped < length && (tail[(start + skipped) % TAIL] & 0xc0) == 0x80) {
                skipped++; // the middle of a character whose start was dropped
            }
            for (int k = skipped; k < length; k++) {
                output[outputEnd++] = tail[(start + k) % TAIL];
            }
        }

        @Override
        public int available() {
            return outputEnd - outputStart;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
