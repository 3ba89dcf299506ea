package ru.vitrina.ingest.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every byte a reader takes, one at a time, skipped or in blocks, passes the block read a subclass filters in. */
class BlockFilterInputStreamTest {
    /** Counts in the block read, the only method it overrides, as the bounded readers of the loads do. */
    private static final class Counting extends BlockFilterInputStream {
        long seen;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            seen += Math.max(n, 0);
            return n;
        }
    }

    @Test
    void oneByteReadsSkipsAndBlockReadsAllPassTheBlockRead() throws IOException {
        try (Counting in = new Counting(new ByteArrayInputStream(new byte[20_000]))) {
            in.read();
            in.read();
            assertThat(in.skip(3)).isEqualTo(3);
            assertThat(in.seen).isEqualTo(5);
            // A skip takes at most 8 KiB a call, as InputStream.skip may.
            assertThat(in.skip(10_000)).isEqualTo(8192);
            assertThat(in.readAllBytes()).hasSize(20_000 - 5 - 8192);
            assertThat(in.seen).isEqualTo(20_000);
        }
    }

    @Test
    void aOneByteReadIsUnsignedAndMinusOneOnlyAtTheEnd() throws IOException {
        try (Counting in = new Counting(new ByteArrayInputStream(new byte[] {(byte) 0xff, 0}))) {
            assertThat(in.read()).isEqualTo(255);
            assertThat(in.read()).isZero();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void skippingNothingOrPastTheEndReadsNothingMore() throws IOException {
        try (Counting in = new Counting(new ByteArrayInputStream(new byte[4]))) {
            assertThat(in.skip(-1)).isZero();
            assertThat(in.skip(0)).isZero();
            assertThat(in.skip(10)).isEqualTo(4);
            assertThat(in.skip(10)).isZero();
            assertThat(in.seen).isEqualTo(4);
        }
    }
}
