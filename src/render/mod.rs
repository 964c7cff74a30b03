//! Render stage: pictures of query results. [`html`] draws a timeline as
//! one self-contained HTML file.

pub mod html;

use crate::extract::Figure;

/// A number the way Chinese news writes it: `1000亿`, `3亿`, `2.5万`, `622`.
pub fn fmt_value(v: f64) -> String {
    let (scaled, suffix) = if v.abs() >= 1e8 {
        (v / 1e8, "亿")
    } else if v.abs() >= 1e4 {
        (v / 1e4, "万")
    } else {
        (v, "")
    };
    let mut s = format!("{scaled:.2}");
    while s.contains('.') && (s.ends_with('0') || s.ends_with('.')) {
        s.pop();
    }
    format!("{s}{suffix}")
}

/// A figure's value with its unit: `1000亿元`, `60%`, `3倍`, `200亿美元`,
/// `3亿用户`, `622个`; ranges as `两端`.
pub fn fmt_figure(f: &Figure) -> String {
    let one = |v: f64| -> String {
        match f.unit.as_str() {
            "percent" => format!("{}%", fmt_value(v * 100.0)),
            "percentage_points" => format!("{}个百分点", fmt_value(v)),
            "times" => format!("{}倍", fmt_value(v)),
            "CNY" => format!("{}元", fmt_value(v)),
            "USD" => format!("{}美元", fmt_value(v)),
            "users" => format!("{}用户", fmt_value(v)),
            "rank" => format!("Top{}", fmt_value(v)),
            "" | "none" => fmt_value(v),
            other if other.is_ascii() => format!("{} {other}", fmt_value(v)),
            other => format!("{}{other}", fmt_value(v)),
        }
    };
    let mut s = match f.range {
        Some([lo, hi]) => format!("{}–{}", one(lo), one(hi)),
        None => one(f.value),
    };
    if let Some(q) = &f.qualifier {
        s.push_str(&format!(" ({q})"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(fmt_value(1e11), "1000亿");
        assert_eq!(fmt_value(3e8), "3亿");
        assert_eq!(fmt_value(25000.0), "2.5万");
        assert_eq!(fmt_value(622.0), "622");
        assert_eq!(fmt_value(0.6), "0.6");
    }
}
