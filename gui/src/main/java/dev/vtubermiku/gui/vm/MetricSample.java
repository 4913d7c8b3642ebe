package dev.vtubermiku.gui.vm;

import java.time.Instant;

/** Host figures at one moment, as fractions 0..1 (cpu, memory used, disk used). */
public record MetricSample(Instant time, double cpu, double memory, double disk) {}
