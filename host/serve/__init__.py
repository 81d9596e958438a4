"""`kflow serve`: flows that run themselves, on schedules and webhooks."""
