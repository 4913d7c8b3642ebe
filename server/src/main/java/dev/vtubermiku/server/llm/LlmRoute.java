package dev.vtubermiku.server.llm;

/** Where replies come from right now. */
public sealed interface LlmRoute {

    /** Words for status: where, and which model. */
    String describe();

    /**
     * An OpenAI-compatible server.
     *
     * @param local true when it is the local server found by LLM_LOCAL_URL, not one the user configured
     */
    record Remote(String baseUrl, String apiKey, String model, boolean local) implements LlmRoute {
        @Override
        public String describe() {
            return (local ? "local server " : "") + baseUrl + ", model " + model;
        }

        @Override
        public String toString() {
            return "Remote[" + baseUrl + ", " + model + ", local=" + local + "]"; // never the key
        }
    }

    /** The offline echo, and why. */
    record Echo(String why) implements LlmRoute {
        @Override
        public String describe() {
            return EchoModel.STATUS + (why.isEmpty() ? "" : " (" + why + ")");
        }
    }
}
