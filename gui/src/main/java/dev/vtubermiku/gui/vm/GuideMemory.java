package dev.vtubermiku.gui.vm;

/** Whether the first-run guide has been seen, so it opens by itself only once. */
public interface GuideMemory {

    boolean seen();

    void remember();

    /** Kept only as long as the window runs (tests, and where the settings file cannot be written). */
    static GuideMemory inMemory() {
        return new GuideMemory() {
            private volatile boolean seen;

            @Override
            public boolean seen() {
                return seen;
            }

            @Override
            public void remember() {
                seen = true;
            }
        };
    }
}
