package io.neurite.backend.nd4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.util.List;

/**
 * Bytes the C heap has handed out and not taken back (glibc {@code mallinfo2()}: {@code uordblks + hblkhd}),
 * which is where libnd4j's buffers live. Unlike the resident set it does not move when the JIT fills its
 * code cache, nor when freed pages stay mapped. {@link #inUse()} is -1 where glibc ≥ 2.33 is not available.
 */
final class MallocStats {
    private MallocStats() {
    }

    /** glibc's {@code struct mallinfo2}: ten {@code size_t}s. Public for JNA. */
    public static final class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                    "fordblks", "keepcost");
        }
    }

    /** Public for JNA. */
    public interface GlibcMalloc extends Library {
        MallInfo2 mallinfo2();
    }

    private static final GlibcMalloc LIBC = load();

    private static GlibcMalloc load() {
        try {
            GlibcMalloc libc = (GlibcMalloc) Native.loadLibrary("c", GlibcMalloc.class);
            libc.mallinfo2();
            return libc;
        } catch (Throwable t) {
            return null;
        }
    }

    static long inUse() {
        if (LIBC == null) {
            return -1;
        }
        MallInfo2 info = LIBC.mallinfo2();
        return info.uordblks + info.hblkhd;
    }
}
