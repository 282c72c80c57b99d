"""Categories with their own knobs or scored by indicators where units look: /myflag's lines in the category's
own points (never %), the trend picture's legend."""

MESSAGES: dict[str, tuple[str, str]] = {
    "look_red_gap_points": ("距红旗线{line}分差{gap}分", "{gap} points short of the red line ({line})"),
    "look_red_reached_points": ("达到红旗线{line}分", "at or above the red line ({line})"),
    "look_yellow_above_points": ("高于黄旗线{line}分{gap}分", "{gap} points above the yellow line ({line})"),
    "look_yellow_below_points": ("低于黄旗线{line}分{gap}分", "{gap} points below the yellow line ({line})"),
    # the trend picture's legend when the categories' lines differ (own knobs, or points not %)
    "trend_red_line_own": ("红旗线（按各类别规则）", "red line (each category's own)"),
    "trend_yellow_line_own": ("黄旗线（按各类别规则）", "yellow line (each category's own)"),
    # the 通报's charts and slides for an indicator-scored category
    "chart_red_line_points": ("红旗线 {value}分", "red line {value}"),
    "chart_yellow_line_points": ("黄旗线 {value}分", "yellow line {value}"),
}
