"""The Telegram application and its plumbing: builder, updates in, calls out, delivery, leader, health."""
