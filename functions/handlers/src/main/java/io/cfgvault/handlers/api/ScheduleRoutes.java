package io.cfgvault.handlers.api;

import io.cfgvault.handlers.api.Router.Body;
import io.cfgvault.schedules.ScheduleRejected;
import io.cfgvault.schedules.TaskWindow;
import java.time.Clock;
import java.util.Set;

/** The task window: {@code GET /schedules} lists every schedule, its next five fires and its last three jobs. */
final class ScheduleRoutes {
    private final TaskWindow window;
    private final Clock clock;

    ScheduleRoutes(TaskWindow window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/schedules", Set.of(), Body.NONE, call -> {
            try {
                return ApiResponse.json(200, window.at(clock.instant()));
            } catch (ScheduleRejected e) {
                // An entry written around the API cannot be shown; say which, so it can be fixed.
                throw new ApiException(409, "invalid_schedule", e.getMessage() + "; fix it with PUT /scheduler or PUT /configuration",
                        java.util.Map.of("field", e.field()), java.util.Map.of());
            }
        });
    }
}
