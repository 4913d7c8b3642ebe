package dev.vtubermiku.protocol;

import java.util.List;

/** The viewer now blocked, and the ids of their messages taken off the queue. */
public record AudienceBlockResult(String user, List<Long> removed) {

    public AudienceBlockResult {
        removed = List.copyOf(removed);
    }
}
