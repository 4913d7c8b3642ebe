package dev.vtubermiku.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * FanoutBench's clients in a JVM of their own ({@link FanoutFleet#main}), started with this JVM's
 * java and class path and driven over its stdin/stdout; its stderr goes to ours.
 */
final class ClientsJvm implements FanoutBench.Clients {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private double cpuCores = Double.NaN;

    private ClientsJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ClientsJvm start(int port, FanoutBench.Options o) throws FanoutBench.SetupFailure {
        String java = ProcessFacts.java();
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                FanoutFleet.class.getName(), "--port", String.valueOf(port), "--clients", String.valueOf(o.clients()),
                "--rate", String.valueOf(o.rate()), "--warmup-events", String.valueOf(o.warmupTicks()),
                "--events", String.valueOf(o.ticks()), "--http-clients", String.valueOf(o.httpClients()),
                "--client-executor", o.pooledExecutor() ? "pool" : "direct"));
        ClientsJvm jvm;
        try {
            jvm = new ClientsJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        } catch (IOException e) {
            throw new FanoutBench.SetupFailure("cannot start the clients' JVM: " + e.getMessage());
        }
        String first = jvm.line();
        if (!first.equals("ready")) {
            jvm.close();
            throw new FanoutBench.SetupFailure("the clients' JVM did not get ready: " + first);
        }
        return jvm;
    }

    @Override
    public boolean drainWarmup(FanoutClient.Phase warmup) throws FanoutBench.SetupFailure {
        send("drain warmup");
        return line().equals("drained true");
    }

    @Override
    public FanoutFleet.Totals measure(FanoutClient.Phase measured) throws FanoutBench.SetupFailure {
        send("drain measured");
        List<String> lines = new ArrayList<>();
        for (String line = line(); !line.equals("end"); line = line()) {
            if (line.startsWith("cpu ")) {
                cpuCores = Double.parseDouble(line.substring(4));
            } else {
                lines.add(line);
            }
        }
        return FanoutFleet.Totals.decode(lines);
    }

    @Override
    public double cpuCores() {
        return cpuCores;
    }

    private void send(String command) throws FanoutBench.SetupFailure {
        try {
            in.write(command + "\n");
            in.flush();
        } catch (IOException e) {
            throw new FanoutBench.SetupFailure("the clients' JVM is gone: " + e.getMessage());
        }
    }

    private String line() throws FanoutBench.SetupFailure {
        try {
            String line = out.readLine();
            if (line == null) {
                throw new FanoutBench.SetupFailure("the clients' JVM ended early (exit " + process.waitFor() + ")");
            }
            return line;
        } catch (IOException e) {
            throw new FanoutBench.SetupFailure("cannot read the clients' JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FanoutBench.SetupFailure("interrupted");
        }
    }

    @Override
    public void close() {
        ProcessFacts.stop(process, in, null, 10); // its stdin at EOF: it closes its sockets and exits
    }
}
