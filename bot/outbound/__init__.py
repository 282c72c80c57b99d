"""What the bot says by itself: publication, scheduled reviews, reminders, exports.

The one place that composes services and render, and owns the order of transactions."""
