package dev.vtubermiku.server.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a trainer left running when the backend died without ending it (SIGKILL, a crash). The
 * trainer runs in a process group of its own (see {@link TrainerProcess}), so no signal meant for
 * the backend reaches it: its leader usually dies at its next write into the closed output pipe,
 * but its quiet members (data loader workers, a leader busy between two writes) live on, and could
 * write into the run folder while a resumed trainer does. The group id is the leader's pid, which
 * the run folder records in {@code trainer.pid}.
 *
 * <p>On Linux every live member of that group is found through {@code /proc}, even when the leader
 * is gone; a group counts as the run's only when one of its members works in the run folder or runs
 * {@code piper.train}, so a recycled id never ends a stranger. Elsewhere only a live leader running
 * {@code piper.train} is recognised. They get SIGKILL and are waited for before this returns.
 */
public final class TrainerOrphans {

    private static final Logger log = LoggerFactory.getLogger(TrainerOrphans.class);
    private static final String PID_FILE = "trainer.pid";
    private static final Path PROC = Path.of("/proc");

    private TrainerOrphans() {}

    /** Records the trainer (its pid is its group id) in the run folder. */
    static void record(Path runDir, long pid) throws IOException {
        Files.writeString(runDir.resolve(PID_FILE), Long.toString(pid));
    }

    /** Ends what is left of the run's last trainer; the number of processes ended. */
    static int end(long runId, Path runDir) {
        OptionalLong group = recorded(runDir);
        if (group.isEmpty()) {
            return 0;
        }
        long pgid = group.getAsLong();
        List<ProcessHandle> members = members(pgid);
        boolean ours = members.stream().anyMatch(p -> worksIn(p, runDir) || runsTrainer(p));
        if (members.isEmpty() || !ours) {
            return 0;
        }
        log.warn("Run {}: {} process(es) of its trainer (group {}) outlived the last server; ending them", runId, members.size(), pgid);
        TrainerProcess.killGroup(pgid, "KILL");
        members.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : members) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.warn("Run {}: process {} of its old trainer did not end within 10 s of SIGKILL", runId, p.pid());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return members.size();
            }
        }
        return members.size();
    }

    private static OptionalLong recorded(Path runDir) {
        try {
            Path file = runDir.resolve(PID_FILE);
            return Files.isRegularFile(file) ? OptionalLong.of(Long.parseLong(Files.readString(file).trim())) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            log.debug("No usable {} in {}", PID_FILE, runDir, e);
            return OptionalLong.empty();
        }
    }

    /** The live processes of group {@code pgid}; without /proc, its leader alone if alive. */
    public static List<ProcessHandle> members(long pgid) {
        if (!Files.isDirectory(PROC.resolve("self"))) {
            return ProcessHandle.of(pgid).filter(ProcessHandle::isAlive).stream().toList();
        }
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> group(p.pid()) == pgid).toList();
    }

    /** Field 5 of /proc/PID/stat (after the command name in parentheses, which may hold spaces); -1 when unknown. */
    private static long group(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[0].equals("Z") ? -1 : Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile, or not ours to read
        }
    }

    private static boolean worksIn(ProcessHandle p, Path runDir) {
        try {
            Path cwd = PROC.resolve(Long.toString(p.pid())).resolve("cwd").toRealPath();
            return cwd.startsWith(runDir.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean runsTrainer(ProcessHandle p) {
        return p.info().commandLine().map(c -> c.contains("piper.train")).orElse(false);
    }
}
