//! A timeline as one self-contained HTML page: inline SVG and CSS, no
//! script, no network. A horizontal time axis with year ticks, one lane per
//! topic (figures in one lane per metric, topicless statements in a lane of
//! their own, undated events in a column at the right), figures as labelled
//! points, conflicts in red, shifts as arrows. Hovering an event or a shift
//! shows its sentences and sources (SVG `<title>`); a table below the
//! picture lists every event with its evidence.

use crate::extract::ClaimKind;
use crate::model::Period;
use crate::query::timeline::{Event, EventEvidence, ShiftBasis, Timeline};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::fmt::Write;

const WIDTH: f64 = 1360.0;
const LEFT: f64 = 190.0;
const RIGHT_PAD: f64 = 30.0;
const UNDATED_W: f64 = 130.0;
const TOP: f64 = 40.0;
const LANE_H: f64 = 46.0;
const AXIS_H: f64 = 12.0;
/// The lane of strategy statements and opinions without a topic.
const OTHER_LANE: &str = "(无主题)";

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The lanes of an event: its topics, or `GMV` for a figure, or `(其他)`.
fn lanes_of(e: &Event) -> Vec<String> {
    if let Some(f) = &e.figure {
        return vec![format!("数据 · {}", f.metric)];
    }
    if e.topics.is_empty() {
        return vec![OTHER_LANE.to_string()];
    }
    e.topics.clone()
}

fn kind_name(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Figure => "figure",
        ClaimKind::Strategy => "strategy",
        ClaimKind::Opinion => "opinion",
    }
}

fn period_label(p: &Option<Period>) -> String {
    match p {
        Some(p) if p.start == p.end => p.start.clone(),
        Some(p) => format!("{} – {}", p.start, p.end),
        None => "undated".to_string(),
    }
}

fn evidence_lines(out: &mut String, ev: &[EventEvidence]) {
    for e in ev {
        let _ = write!(
            out,
            "\n• {}\n  — {}, {}{} [{} @{}–{}]",
            e.sentence,
            e.source.as_deref().unwrap_or("unknown source"),
            e.published.as_deref().unwrap_or("undated"),
            if e.published_inferred {
                " (inferred)"
            } else {
                ""
            },
            e.doc_id,
            e.char_start,
            e.char_end
        );
    }
}

fn event_tooltip(e: &Event) -> String {
    let mut s = format!("{} · {}", period_label(&e.period), kind_name(e.kind));
    if !e.topics.is_empty() {
        let _ = write!(s, " · {}", e.topics.join(", "));
    }
    if let Some(f) = &e.figure {
        let _ = write!(s, "\n{} = {}", f.metric, super::fmt_figure(f));
    }
    if e.conflict {
        s.push_str("\nCONFLICT: sources give other values for this period");
    }
    if !e.actors.is_empty() {
        let _ = write!(s, "\nactors: {}", e.actors.join(", "));
    }
    evidence_lines(&mut s, &e.evidence);
    s
}

/// Horizontal scale over whole years.
struct Scale {
    first: NaiveDate,
    days: f64,
    plot_w: f64,
}

impl Scale {
    fn x(&self, d: NaiveDate) -> f64 {
        LEFT + (d - self.first).num_days() as f64 / self.days * self.plot_w
    }
    /// Middle of a period (end inclusive).
    fn mid(&self, p: &Period) -> Option<f64> {
        let (s, e) = (date(&p.start)?, date(&p.end)?);
        Some((self.x(s) + self.x(e.succ_opt().unwrap_or(e))) / 2.0)
    }
    fn span(&self, p: &Period) -> Option<(f64, f64)> {
        let (s, e) = (date(&p.start)?, date(&p.end)?);
        Some((self.x(s), self.x(e.succ_opt().unwrap_or(e))))
    }
}

/// Render `t` as a self-contained HTML page.
pub fn render(t: &Timeline) -> String {
    // Lanes: topics in order of first appearance (events are sorted by
    // period), then figures by metric, then statements without a topic.
    let mut lanes: Vec<String> = Vec::new();
    let mut figure_lanes: Vec<String> = Vec::new();
    let mut other = false;
    for e in &t.events {
        for l in lanes_of(e) {
            let list = if e.figure.is_some() {
                &mut figure_lanes
            } else if e.topics.is_empty() {
                other = true;
                continue;
            } else {
                &mut lanes
            };
            if !list.contains(&l) {
                list.push(l);
            }
        }
    }
    for s in &t.shifts {
        for l in [&s.from.topic, &s.to.topic] {
            if !lanes.contains(l) {
                lanes.push(l.clone());
            }
        }
    }
    lanes.extend(figure_lanes);
    if other {
        lanes.push(OTHER_LANE.to_string());
    }
    let lane_y = |name: &str| -> Option<f64> {
        lanes
            .iter()
            .position(|l| l == name)
            .map(|i| TOP + LANE_H * (i as f64 + 0.5))
    };

    // Years covered.
    let dated = t.events.iter().filter_map(|e| e.period.as_ref()).chain(
        t.shifts
            .iter()
            .flat_map(|s| [&s.from.period, &s.to.period])
            .flatten(),
    );
    let (mut y0, mut y1) = (i32::MAX, i32::MIN);
    for p in dated {
        if let (Some(s), Some(e)) = (date(&p.start), date(&p.end)) {
            y0 = y0.min(s.year());
            y1 = y1.max(e.year());
        }
    }
    if y0 > y1 {
        let now = chrono::Utc::now().year();
        (y0, y1) = (now, now);
    }
    let undated = t.events.iter().any(|e| e.period.is_none());
    let plot_w = WIDTH - LEFT - RIGHT_PAD - if undated { UNDATED_W } else { 0.0 };
    // ok: y0..=y1 come from parsed dates, so these dates exist.
    let first = NaiveDate::from_ymd_opt(y0, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(y1 + 1, 1, 1).unwrap_or_default();
    let sc = Scale {
        first,
        days: ((last - first).num_days().max(1)) as f64,
        plot_w,
    };
    let undated_x = LEFT + plot_w + UNDATED_W / 2.0;
    // The axis runs along the top, so it stays in view however many lanes
    // there are; `bottom` is the end of the last lane.
    let bottom = TOP + LANE_H * lanes.len().max(1) as f64;
    let height = bottom + AXIS_H;
    let axis_y = TOP;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="timeline of {}">"#,
        escape(&t.entity)
    );
    svg.push_str(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d9480f"/></marker></defs>"##,
    );
    // Lanes.
    for (i, l) in lanes.iter().enumerate() {
        let y = TOP + LANE_H * i as f64;
        let _ = write!(
            svg,
            r#"<rect class="lane{}" x="0" y="{y}" width="{WIDTH}" height="{LANE_H}"/><text class="lane-label" x="{}" y="{}">{}</text>"#,
            i % 2,
            LEFT - 12.0,
            y + LANE_H / 2.0 + 5.0,
            escape(l)
        );
    }
    // Year grid and axis.
    for y in y0..=y1 + 1 {
        let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) else {
            continue;
        };
        let x = sc.x(d);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{bottom}"/>"#
        );
        if y <= y1 {
            if let Some(next) = NaiveDate::from_ymd_opt(y, 7, 1) {
                let _ = write!(
                    svg,
                    r#"<text class="year" x="{:.1}" y="{}">{y}</text>"#,
                    sc.x(next),
                    axis_y - 14.0
                );
            }
        }
        let _ = write!(
            svg,
            r#"<line class="tick" x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{axis_y}"/>"#,
            axis_y - 8.0
        );
    }
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{LEFT}" y1="{axis_y}" x2="{:.1}" y2="{axis_y}"/>"#,
        LEFT + plot_w
    );
    if undated {
        let _ = write!(
            svg,
            r#"<rect class="undated" x="{:.1}" y="{TOP}" width="{UNDATED_W}" height="{}"/><text class="year" x="{undated_x:.1}" y="{}">undated</text>"#,
            LEFT + plot_w,
            bottom - TOP,
            axis_y - 14.0
        );
    }

    // Shifts under the events.
    for s in &t.shifts {
        let (Some(ya), Some(yb)) = (lane_y(&s.from.topic), lane_y(&s.to.topic)) else {
            continue;
        };
        let xa = s
            .from
            .period
            .as_ref()
            .and_then(|p| sc.mid(p))
            .unwrap_or(undated_x);
        let xb =
            s.to.period
                .as_ref()
                .and_then(|p| sc.mid(p))
                .unwrap_or(undated_x);
        let (cx, cy) = ((xa + xb) / 2.0, (ya + yb) / 2.0 - 18.0);
        let mut tip = format!(
            "shift ({}): {} ({}) → {} ({})",
            match s.basis {
                ShiftBasis::Text => "stated in the text",
                ShiftBasis::Dominance => "dominant topic changed",
            },
            s.from.topic,
            period_label(&s.from.period),
            s.to.topic,
            period_label(&s.to.period)
        );
        evidence_lines(&mut tip, &s.evidence);
        let _ = write!(
            svg,
            r#"<g class="shift {}"><title>{}</title><path d="M{xa:.1},{ya:.1} Q{cx:.1},{cy:.1} {xb:.1},{yb:.1}" marker-end="url(#arrow)"/></g>"#,
            match s.basis {
                ShiftBasis::Text => "text",
                ShiftBasis::Dominance => "dominance",
            },
            escape(&tip)
        );
    }

    // Events; stack those that share a lane and position. First count how
    // many share each place, then draw.
    let place = |e: &Event, lane: &str| -> (String, i64) {
        let x = e
            .period
            .as_ref()
            .and_then(|p| sc.mid(p))
            .unwrap_or(undated_x);
        (lane.to_string(), (x / 6.0).round() as i64)
    };
    let mut crowd: BTreeMap<(String, i64), usize> = BTreeMap::new();
    for e in &t.events {
        for lane in lanes_of(e) {
            *crowd.entry(place(e, &lane)).or_default() += 1;
        }
    }
    let mut drawn: BTreeMap<(String, i64), usize> = BTreeMap::new();
    for e in &t.events {
        let tip = escape(&event_tooltip(e));
        let n = e.evidence.len();
        let r = 5.0 + 1.5 * (n.saturating_sub(1).min(4)) as f64;
        for lane in lanes_of(e) {
            let Some(ly) = lane_y(&lane) else { continue };
            let (x, span) = match &e.period {
                Some(p) => (sc.mid(p).unwrap_or(undated_x), sc.span(p)),
                None => (undated_x, None),
            };
            let key = place(e, &lane);
            let shared = crowd.get(&key).copied().unwrap_or(1) > 1;
            let k = drawn.entry(key).or_default();
            let slot = *k;
            *k += 1;
            // Alone: centred, label above. Shared: the first above (label
            // above), the second below and left (label to its right); more are shifted
            // right, labelled on hover only.
            let (dx, dy, label_below, label) = match (shared, slot) {
                (false, _) => (0.0, 0.0, false, true),
                (true, 0) => (0.0, -7.0, false, true),
                (true, 1) => (-30.0, 9.0, true, true),
                (true, m) => (12.0 * (m - 1) as f64, 9.0, false, false),
            };
            let (x, y) = (x + dx, ly + dy);
            let class = format!(
                "ev {}{}",
                kind_name(e.kind),
                if e.conflict { " conflict" } else { "" }
            );
            let _ = write!(svg, r#"<g class="{class}"><title>{tip}</title>"#);
            if let Some((xs, xe)) = span {
                if xe - xs > 2.0 * r {
                    let _ = write!(
                        svg,
                        r#"<rect class="span" x="{xs:.1}" y="{:.1}" width="{:.1}" height="5" rx="2"/>"#,
                        y - 2.5,
                        xe - xs
                    );
                }
            }
            match e.kind {
                ClaimKind::Opinion => {
                    let _ = write!(
                        svg,
                        r#"<path class="mark" d="M{x:.1},{:.1} L{:.1},{y:.1} L{x:.1},{:.1} L{:.1},{y:.1} z"/>"#,
                        y - r - 1.0,
                        x + r + 1.0,
                        y + r + 1.0,
                        x - r - 1.0
                    );
                }
                _ => {
                    let _ = write!(
                        svg,
                        r#"<circle class="mark" cx="{x:.1}" cy="{y:.1}" r="{r:.1}"/>"#
                    );
                }
            }
            if let Some(f) = e.figure.as_ref().filter(|_| label) {
                let text = format!(
                    "{}{}",
                    escape(&super::fmt_figure(f)),
                    if e.conflict { " ≠" } else { "" }
                );
                let _ = if label_below {
                    write!(
                        svg,
                        r#"<text class="fig-label side" x="{:.1}" y="{:.1}">{text}</text>"#,
                        x + r + 4.0,
                        y + 4.0
                    )
                } else {
                    write!(
                        svg,
                        r#"<text class="fig-label" x="{x:.1}" y="{:.1}">{text}</text>"#,
                        y - r - 5.0
                    )
                };
            }
            if n > 1 {
                let _ = write!(
                    svg,
                    r#"<text class="count" x="{x:.1}" y="{:.1}">{n}</text>"#,
                    y + 3.5
                );
            }
            svg.push_str("</g>");
        }
    }
    svg.push_str("</svg>");

    // The table.
    let mut rows = String::new();
    for e in &t.events {
        let mut ev = String::new();
        for x in &e.evidence {
            let _ = write!(
                ev,
                r#"<li>{}<br><span class="src">{} · {}{} · {} @{}–{}</span></li>"#,
                escape(&x.sentence),
                escape(x.source.as_deref().unwrap_or("unknown source")),
                escape(x.published.as_deref().unwrap_or("undated")),
                if x.published_inferred {
                    " (inferred)"
                } else {
                    ""
                },
                escape(&x.doc_id),
                x.char_start,
                x.char_end
            );
        }
        let _ = write!(
            rows,
            r#"<tr class="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><ul>{ev}</ul></td></tr>"#,
            if e.conflict { "conflict" } else { "" },
            escape(&period_label(&e.period)),
            kind_name(e.kind),
            escape(&e.topics.join(", ")),
            e.figure
                .as_ref()
                .map(|f| escape(&format!("{} {}", f.metric, super::fmt_figure(f))))
                .unwrap_or_default(),
            escape(&e.actors.join(", "))
        );
    }
    let mut shifts = String::new();
    for s in &t.shifts {
        let _ = write!(
            shifts,
            "<li>{} ({}) → {} ({}) <span class=\"src\">[{}, {} sentence(s)]</span></li>",
            escape(&s.from.topic),
            escape(&period_label(&s.from.period)),
            escape(&s.to.topic),
            escape(&period_label(&s.to.period)),
            match s.basis {
                ShiftBasis::Text => "stated",
                ShiftBasis::Dominance => "dominance",
            },
            s.evidence.len()
        );
    }

    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 16px 20px; color: #222; }}
h1 {{ font-size: 20px; margin: 0 0 4px; }}
.meta, .src {{ color: #666; font-size: 12px; }}
.legend span {{ margin-right: 16px; font-size: 12px; }}
.legend i {{ display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; vertical-align: middle; }}
svg {{ display: block; margin: 8px 0 16px; }}
.lane0 {{ fill: #f8f9fa; }} .lane1 {{ fill: #ffffff; }} .undated {{ fill: #f1f3f5; }}
.lane-label {{ font-size: 13px; text-anchor: end; fill: #333; }}
.grid {{ stroke: #dee2e6; }} .axis, .tick {{ stroke: #495057; }}
.year {{ font-size: 13px; text-anchor: middle; fill: #333; }}
.ev .mark {{ stroke: #fff; stroke-width: 1.5; }}
.ev.strategy .mark {{ fill: #1c7ed6; }} .ev.opinion .mark {{ fill: #7048e8; }} .ev.figure .mark {{ fill: #2b8a3e; }}
.ev.conflict .mark {{ fill: #e03131; stroke: #7a0000; }}
.ev .span {{ fill: #1c7ed6; opacity: .18; }} .ev.figure .span {{ fill: #2b8a3e; }}
.ev:hover .mark {{ stroke: #000; }}
.fig-label {{ font-size: 11px; text-anchor: middle; fill: #2b8a3e; font-weight: 600; }}
.conflict .fig-label {{ fill: #c92a2a; }} .fig-label.side {{ text-anchor: start; }}
.count {{ font-size: 9px; text-anchor: middle; fill: #fff; pointer-events: none; }}
.shift path {{ fill: none; stroke: #d9480f; stroke-width: 2; opacity: .85; }}
.shift.dominance path {{ stroke-dasharray: 5 4; }}
.shift:hover path {{ stroke-width: 3.5; }}
table {{ border-collapse: collapse; font-size: 13px; width: 100%; }}
th, td {{ border-top: 1px solid #dee2e6; padding: 4px 8px; vertical-align: top; text-align: left; }}
tr.conflict td:first-child {{ border-left: 3px solid #e03131; }}
td ul {{ margin: 0; padding-left: 16px; }}
</style>
</head>
<body>
<h1>{title}</h1>
<div class="meta">{n_events} event(s), {n_shifts} shift(s). Hover a point or an arrow for its sentences and sources.</div>
<div class="legend"><span><i style="background:#1c7ed6"></i>strategy</span><span><i style="background:#7048e8"></i>opinion</span><span><i style="background:#2b8a3e"></i>figure</span><span><i style="background:#e03131"></i>conflicting figure</span><span style="color:#d9480f">→ shift (dashed: dominant topic changed)</span><span>number in a point: sentences reporting it</span></div>
{svg}
<h2 style="font-size:16px">Shifts</h2>
<ul>{shifts}</ul>
<h2 style="font-size:16px">Events</h2>
<table><tr><th>period</th><th>kind</th><th>topics</th><th>figure</th><th>actors</th><th>evidence</th></tr>{rows}</table>
</body>
</html>
"#,
        title = escape(&format!("{} — timeline", t.entity)),
        n_events = t.events.len(),
        n_shifts = t.shifts.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn empty_timeline_renders() {
        let t = Timeline {
            entity: "<x>".into(),
            events: Vec::new(),
            shifts: Vec::new(),
        };
        let h = render(&t);
        assert!(h.contains("&lt;x&gt;"));
        assert!(!h.contains("<x>"));
    }
}
