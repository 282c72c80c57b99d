"""When things happen: the working-day calendar, the review moment, catch-up, reminders' days."""
