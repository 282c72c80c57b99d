"""Indicator-scored categories' lines in /myflag, in the category's own points (never %)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "look_red_gap_points": ("距红旗线{line}分差{gap}分", "{gap} points short of the red line ({line})"),
    "look_red_reached_points": ("达到红旗线{line}分", "at or above the red line ({line})"),
    "look_yellow_above_points": ("高于黄旗线{line}分{gap}分", "{gap} points above the yellow line ({line})"),
    "look_yellow_below_points": ("低于黄旗线{line}分{gap}分", "{gap} points below the yellow line ({line})"),
}
