package dev.dinojvm.engine.weights;

/** IEEE half and bfloat16 to float, which Java 17 lacks ({@code Float.float16ToFloat} came in Java 20). */
final class HalfFloats {

    private HalfFloats() {}

    /**
     * @param bits an IEEE 754 binary16 value
     * @return the same value as a float
     */
    static float toFloat(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * @param bits a bfloat16 value
     * @return the same value as a float
     */
    static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
