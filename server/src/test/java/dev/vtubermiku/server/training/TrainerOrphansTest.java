package dev.vtubermiku.server.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up sweep for a trainer that outlived a crashed backend, on real process groups: a group
 * whose leader is already gone but whose member still works in the run folder (a data loader worker,
 * say) is ended; a group that has nothing to do with the run is left alone.
 */
class TrainerOrphansTest {

    @TempDir
    Path dir;

    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void linuxOnly() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")) && Files.isExecutable(Path.of("/usr/bin/setsid")),
                "needs /proc and setsid (Linux): elsewhere only a live leader running piper.train is recognised");
    }

    @AfterEach
    void cleanUp() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    /** A group led by a shell that leaves a quiet member behind and exits; the member's handle. */
    private ProcessHandle leaderlessGroup(Path cwd) throws Exception {
        Files.createDirectories(cwd);
        Process leader = new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c", "sleep 600 & exit 0").directory(cwd.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
        List<ProcessHandle> members = TrainerOrphans.members(leader.pid());
        assertThat(members).as("the member left in group %d", leader.pid()).hasSize(1);
        started.addAll(members);
        TrainerOrphans.record(cwd, leader.pid());
        return members.getFirst();
    }

    @Test
    void aMemberStillWorkingInTheRunFolderIsEndedThoughItsLeaderIsGone() throws Exception {
        Path runDir = dir.resolve("runs/7");
        ProcessHandle worker = leaderlessGroup(runDir);

        assertThat(TrainerOrphans.end(7, runDir)).isEqualTo(1);
        assertThat(worker.isAlive()).isFalse();
        assertThat(TrainerOrphans.end(7, runDir)).as("nothing left the second time").isZero();
    }

    @Test
    void aGroupWorkingElsewhereIsNotTheRunsAndIsLeftAlone() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        ProcessHandle stranger = leaderlessGroup(elsewhere);
        Path runDir = dir.resolve("runs/8");
        Files.createDirectories(runDir);
        Files.copy(elsewhere.resolve("trainer.pid"), runDir.resolve("trainer.pid")); // a recycled group id

        assertThat(TrainerOrphans.end(8, runDir)).isZero();
        assertThat(stranger.isAlive()).isTrue();
    }

    @Test
    void aRunFolderWithoutAPidFileHasNothingToEnd() {
        assertThat(TrainerOrphans.end(9, dir)).isZero();
    }
}
