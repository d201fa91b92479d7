package io.neurite.spark;

/**
 * Hands a Spark ML stage its uid while its superclass constructor runs. Spark's Scala parameter traits
 * ({@code HasFeaturesCol}, ...) create their {@code Param}s in that constructor, and each reads the stage's
 * {@code uid()}; in Java the uid field cannot be set before {@code super()}, so the public constructor passes the
 * uid through this thread-local and the private one clears it once the fields are set.
 */
final class UidDuringConstruction {
    private static final ThreadLocal<String> UID = new ThreadLocal<>();

    private UidDuringConstruction() {
    }

    static String set(String uid) {
        UID.set(uid);
        return uid;
    }

    static String current() {
        return UID.get();
    }

    static void clear() {
        UID.remove();
    }
}
