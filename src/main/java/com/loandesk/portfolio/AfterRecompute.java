package com.loandesk.portfolio;

import io.vertx.core.Future;
import java.time.LocalDate;

/** Work that follows a business date's recompute (the cadence scheduler); answers true once the date is complete. */
@FunctionalInterface
public interface AfterRecompute {

    Future<Boolean> run(LocalDate businessDate);
}
