"""Email: each person's choices, an outbox a worker sends from, daily digests, one-click unsubscribe."""
