package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.UnaryOp;
import org.junit.jupiter.api.Test;

/** The operation codes Java passes to the kernels are the positions of the matching enum in the .cuh sources. */
class KernelCodesTest {
    private static final Path SOURCES = Path.of("src/main/cuda");

    private static List<String> cEnum(String file, String name) throws IOException {
        String text = Files.readString(SOURCES.resolve(file));
        Matcher m = Pattern.compile("enum " + name + " \\{([^}]*)\\}").matcher(text);
        if (!m.find()) {
            throw new AssertionError("enum " + name + " not found in " + file);
        }
        List<String> constants = new ArrayList<>();
        for (String c : m.group(1).split(",")) {
            constants.add(c.trim());
        }
        return constants;
    }

    @Test
    void unaryCodes() throws IOException {
        List<String> c = cEnum("elementwise.cuh", "UnaryCode");
        assertEquals(UnaryOp.values().length, c.size());
        for (UnaryOp op : UnaryOp.values()) {
            assertEquals("U_" + op.name(), c.get(Kernels.unaryCode(op)), op.name());
        }
    }

    @Test
    void binaryCodes() throws IOException {
        List<String> c = cEnum("elementwise.cuh", "BinaryCode");
        assertEquals(BinaryOp.values().length, c.size());
        for (BinaryOp op : BinaryOp.values()) {
            assertEquals("B_" + op.name(), c.get(Kernels.binaryCode(op)), op.name());
        }
    }

    @Test
    void reduceCodes() throws IOException {
        List<String> c = cEnum("reductions.cuh", "ReduceCode");
        assertEquals(ReduceOp.values().length, c.size());
        for (ReduceOp op : ReduceOp.values()) {
            assertEquals("R_" + op.name(), c.get(Kernels.reduceCode(op)), op.name());
        }
    }

    @Test
    void indexErrorOperationCodes() throws IOException {
        String text = Files.readString(SOURCES.resolve("indexing.cuh"));
        assertEquals(true, text.contains("#define OP_GATHER " + DeviceErrors.OP_GATHER + "\n"));
        assertEquals(true, text.contains("#define OP_SCATTER_ADD " + DeviceErrors.OP_SCATTER_ADD + "\n"));
    }

    @Test
    void argumentSlotsHoldTheBytesTheKernelReads() {
        KernelArgs a = KernelArgs.args().i32(-2).i64(0x1234_5678_9abcL).f64(1.5).flag(true);
        assertEquals(4, a.count());
        assertEquals(0xffff_fffeL, a.slot(0));  // an int in the low half of its slot, as a little-endian load reads it
        assertEquals(0x1234_5678_9abcL, a.slot(1));
        assertEquals(Double.doubleToRawLongBits(1.5), a.slot(2));
        assertEquals(1, a.slot(3));
        KernelArgs many = KernelArgs.args();
        for (int i = 0; i < 40; i++) {
            many.i64(i);
        }
        assertEquals(40, many.count());
        assertEquals(39, many.slot(39));
    }
}
