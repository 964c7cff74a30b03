//! Command-line parsing and output. Nothing below `run` knows clap.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use zhmine::index::ZhIndex;
use zhmine::model::EntityKind;
use zhmine::pipeline::{self, IngestConfig};
use zhmine::query::{self, entities::EntityRequest, figures::FigureRequest, search::SearchRequest};

#[derive(Parser)]
#[command(
    name = "zhmine",
    version,
    about = "Mine Chinese news coverage of internet platforms"
)]
struct Cli {
    /// Folder of data files that extend the built-in ones (dict.txt,
    /// gazetteer.tsv, metrics.tsv, topics.tsv, ...).
    #[arg(long, global = true, value_name = "DIR", env = "ZHMINE_DATA")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Args, Clone)]
struct IndexArg {
    /// Index folder.
    #[arg(long, default_value = "index", value_name = "DIR")]
    index: PathBuf,
}

#[derive(Subcommand)]
enum Cmd {
    /// Ingest files and folders into the index (incremental).
    Ingest {
        /// Files and folders (walked recursively): .txt .md .html .htm .json .jsonl.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        index: IndexArg,
        /// Worker threads (default: all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Discard the existing index first.
        #[arg(long)]
        rebuild: bool,
        /// Extra jieba dictionary (word [freq [tag]] per line), recorded in the index.
        #[arg(long, value_name = "FILE")]
        user_dict: Option<PathBuf>,
        /// Inputs are `zhmine process --jsonl` output.
        #[arg(long)]
        processed: bool,
        /// Commit after this many MB of input (a killed run keeps what was committed).
        #[arg(long, default_value_t = 256, value_name = "MB")]
        commit_mb: u64,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search.
    Search {
        /// Words (all required), "a phrase", OR, -word, parentheses.
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[command(flatten)]
        index: IndexArg,
        /// Most hits to show (1 to 10000).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Published on or after (YYYY-MM-DD, YYYY-MM or YYYY: its first day).
        #[arg(long)]
        from: Option<String>,
        /// Published on or before (YYYY-MM-DD, YYYY-MM or YYYY: its last day).
        #[arg(long)]
        to: Option<String>,
        /// Only articles of this source (as given in their metadata).
        #[arg(long)]
        source: Option<String>,
        /// Only articles that mention this entity (any alias, any script).
        #[arg(long)]
        entity: Option<String>,
        /// JSON output (schema in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// People, platforms, organizations and brands of the corpus.
    Entities {
        #[command(flatten)]
        index: IndexArg,
        /// person | platform | organization | brand
        #[arg(long)]
        kind: Option<String>,
        /// Only this article.
        #[arg(long)]
        doc: Option<String>,
        /// JSON output (schema in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Figures (GMV, DAU, valuation, ...) with their periods and evidence.
    Figures {
        #[command(flatten)]
        index: IndexArg,
        /// Only figures about this entity (any alias, any script).
        #[arg(long)]
        entity: Option<String>,
        /// Only this metric (GMV, DAU, valuation, ...; see data/metrics.tsv).
        #[arg(long)]
        metric: Option<String>,
        /// JSON output (schema in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Run the whole chain on one text and print what it finds (no index).
    Extract {
        /// Publication date the relative times resolve against.
        #[arg(long)]
        published: Option<String>,
        /// The text itself.
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        /// A file, or - for standard input.
        file: Option<PathBuf>,
        /// JSON output (schema in docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Claim timeline of one entity: events by period, conflicts, shifts.
    Timeline {
        /// The entity (any alias, any script).
        #[arg(long)]
        entity: String,
        /// Only events with this topic (data/topics.tsv name or variant).
        #[arg(long)]
        topic: Option<String>,
        /// Only claims about periods ending on or after (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Only claims about periods starting on or before (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        #[command(flatten)]
        index: IndexArg,
        /// JSON output (schema in docs/json.md).
        #[arg(long, conflicts_with = "html")]
        json: bool,
        /// A self-contained HTML picture of the timeline.
        #[arg(long)]
        html: bool,
    },
    /// Export claims, figures or entities as JSON Lines or CSV.
    #[command(group = clap::ArgGroup::new("what").required(true).multiple(false))]
    Export {
        /// One row per claim (figure, strategy, opinion) with its evidence.
        #[arg(long, group = "what")]
        claims: bool,
        /// One row per figure with its evidence.
        #[arg(long, group = "what")]
        figures: bool,
        /// One row per entity with its aliases and counts.
        #[arg(long, group = "what")]
        entities: bool,
        /// jsonl | csv (default: from the --out file's extension, else jsonl)
        #[arg(long)]
        format: Option<String>,
        /// Write here instead of standard output (- is standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        index: IndexArg,
    },
    /// Stateless: articles as JSON Lines on stdin, processed articles on stdout.
    Process {
        /// Read and write JSON Lines (the only format).
        #[arg(long, required = true)]
        jsonl: bool,
        /// Corpus files and folders, processed as `ingest` reads them; without
        /// any, articles are read as JSON Lines from standard input.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

pub fn run() -> Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return Ok(usage_error(e)),
    };
    zhmine::data::set_user_dir(cli.data.clone());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.cmd {
        Cmd::Ingest {
            paths,
            index,
            threads,
            rebuild,
            user_dict,
            processed,
            commit_mb,
            json,
        } => {
            let user_dict = match user_dict {
                Some(p) => Some(
                    std::fs::read_to_string(&p)
                        .with_context(|| format!("user dictionary {}", p.display()))?,
                ),
                None => None,
            };
            let cfg = IngestConfig {
                paths,
                index: index.index,
                threads,
                rebuild,
                user_dict,
                progress: std::io::stderr().is_terminal(),
                commit_every_bytes: commit_mb.max(1) << 20,
                processed,
                ..Default::default()
            };
            let s = pipeline::ingest(&cfg)?;
            for p in &s.problems {
                eprintln!("zhmine: {p}");
            }
            if json {
                write_json(&mut out, &s)?;
            } else {
                print_summary(&mut std::io::stderr(), &s)?;
            }
            Ok(if s.files_failed > 0 || !s.problems.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Cmd::Search {
            query,
            index,
            limit,
            from,
            to,
            source,
            entity,
            json,
        } => {
            let zi = open_index(&index.index)?;
            note_entity(&zi, entity.as_deref())?;
            let req = SearchRequest {
                query,
                limit,
                from: from
                    .map(|d| query::parse_date_flag("--from", &d, false))
                    .transpose()?,
                to: to
                    .map(|d| query::parse_date_flag("--to", &d, true))
                    .transpose()?,
                source,
                entity,
            };
            let r = query::search::search(&zi, &req)?;
            if json {
                write_json(&mut out, &r)?;
            } else {
                print_search(&mut out, &r, color_stdout())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Entities {
            index,
            kind,
            doc,
            json,
        } => {
            let kind = match kind {
                Some(k) => Some(EntityKind::parse(&k).ok_or_else(|| {
                    anyhow::anyhow!("--kind {k}: expected person, platform, organization or brand")
                })?),
                None => None,
            };
            let zi = open_index(&index.index)?;
            let rows = query::entities::entities(&zi, &EntityRequest { kind, doc })?;
            if json {
                write_json(&mut out, &rows)?;
            } else {
                writeln!(
                    out,
                    "{:<16} {:<13} {:>8} {:>5}  aliases",
                    "name", "kind", "mentions", "docs"
                )?;
                for r in rows {
                    writeln!(
                        out,
                        "{} {:<13} {:>8} {:>5}  {}",
                        pad(&r.name, 16),
                        r.kind.as_str(),
                        r.mentions,
                        r.docs,
                        r.aliases.join(", ")
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Figures {
            index,
            entity,
            metric,
            json,
        } => {
            let zi = open_index(&index.index)?;
            note_entity(&zi, entity.as_deref())?;
            let figs = query::figures::figures(&zi, &FigureRequest { entity, metric })?;
            if json {
                write_json(&mut out, &figs)?;
            } else {
                writeln!(
                    out,
                    "{} {:<12} {:>18} {:<8} {:<10} {:<22} {:<20} sentence",
                    pad("subject", 10),
                    "metric",
                    "value",
                    "unit",
                    "qualifier",
                    "period",
                    "doc"
                )?;
                for f in figs {
                    writeln!(
                        out,
                        "{} {:<12} {:>18} {:<8} {:<10} {:<22} {} {}",
                        pad(f.subject.as_deref().unwrap_or("-"), 10),
                        f.metric,
                        fmt_num(f.value),
                        f.unit,
                        f.qualifier.as_deref().unwrap_or("-"),
                        f.period
                            .as_ref()
                            .map(|p| format!("{}..{}", p.start, p.end))
                            .unwrap_or("-".into()),
                        pad(&f.evidence.doc_id, 20),
                        f.evidence.sentence
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Extract {
            published,
            text,
            file,
            json,
        } => {
            let published = published
                .map(|d| query::parse_date_flag("--published", &d, false))
                .transpose()?;
            let text = match (text, file) {
                (Some(t), _) => t,
                (None, Some(p)) if p.as_os_str() == "-" => {
                    let mut s = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                        .context("standard input")?;
                    s
                }
                (None, Some(p)) => {
                    let fa = zhmine::ingest::read_file(&p)?;
                    fa.articles
                        .into_iter()
                        .map(|a| a.text)
                        .collect::<Vec<_>>()
                        .join("\n")
                }
                (None, None) => anyhow::bail!("give --text TEXT, a FILE, or - for standard input"),
            };
            let r = zhmine::pipeline::extract_text(&text, published);
            if json {
                write_json(&mut out, &r)?;
            } else {
                for s in &r.sentences {
                    writeln!(out, "{}", s.text)?;
                    for e in &s.entities {
                        writeln!(out, "  entity  {} ({})", e.name, e.kind.as_str())?;
                    }
                    for t in &s.times {
                        writeln!(
                            out,
                            "  time    {} → {}..{} ({})",
                            t.text,
                            t.start,
                            t.end,
                            serde_plain(&t.precision)
                        )?;
                    }
                    for f in &s.figures {
                        writeln!(
                            out,
                            "  figure  {} {} = {} {} {}",
                            f.subject.as_deref().unwrap_or("-"),
                            f.metric,
                            fmt_num(f.value),
                            f.unit,
                            f.qualifier.as_deref().unwrap_or("")
                        )?;
                    }
                }
                if !r.claims.is_empty() {
                    writeln!(out, "\nclaims")?;
                }
                for c in &r.claims {
                    writeln!(
                        out,
                        "  {} {}  {}  topics [{}]  actors [{}]",
                        serde_plain(&c.kind),
                        c.entity,
                        c.period
                            .as_ref()
                            .map(|p| format!("{}..{}", p.start, p.end))
                            .unwrap_or("-".into()),
                        c.topics.join(", "),
                        c.actors.join(", ")
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Timeline {
            entity,
            topic,
            from,
            to,
            index,
            json,
            html,
        } => {
            let from = from
                .map(|d| query::parse_date_flag("--from", &d, false))
                .transpose()?;
            let to = to
                .map(|d| query::parse_date_flag("--to", &d, true))
                .transpose()?;
            query::check_range(from, to)?;
            let zi = open_index(&index.index)?;
            note_entity(&zi, Some(&entity))?;
            let req = query::timeline::TimelineRequest {
                entity,
                topic,
                from,
                to,
            };
            let t = query::timeline::timeline(&zi, &req)?;
            // Buffered: stdout is line-buffered, and pretty JSON is many lines.
            let mut w = std::io::BufWriter::new(&mut out);
            if json {
                write_json(&mut w, &t)?;
            } else if html {
                w.write_all(zhmine::render::html::render(&t).as_bytes())?;
            } else {
                w.write_all(query::timeline::to_text(&t).as_bytes())?;
            }
            w.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Export {
            claims,
            figures,
            entities: _,
            format,
            out: file,
            index,
        } => {
            use query::export::{ExportFormat, ExportWhat};
            let file = file.filter(|p| p.as_os_str() != "-");
            let format = format.unwrap_or_else(|| {
                let ext = file.as_ref().and_then(|p| p.extension());
                match ext.and_then(|e| e.to_str()) {
                    Some(e) if e.eq_ignore_ascii_case("csv") => "csv".into(),
                    _ => "jsonl".into(),
                }
            });
            let fmt = ExportFormat::parse(&format)
                .ok_or_else(|| anyhow::anyhow!("--format {format}: expected jsonl or csv"))?;
            let what = if claims {
                ExportWhat::Claims
            } else if figures {
                ExportWhat::Figures
            } else {
                ExportWhat::Entities
            };
            let zi = open_index(&index.index)?;
            match file {
                Some(p) => {
                    let f =
                        std::fs::File::create(&p).with_context(|| format!("{}", p.display()))?;
                    let mut w = std::io::BufWriter::new(f);
                    query::export::export(&zi, what, fmt, &mut w)?;
                    w.flush().with_context(|| format!("{}", p.display()))?;
                }
                None => {
                    let mut w = std::io::BufWriter::new(&mut out);
                    query::export::export(&zi, what, fmt, &mut w)?;
                    w.flush()?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Process { jsonl: _, paths } => {
            let mut w = std::io::BufWriter::new(out);
            let failed = if paths.is_empty() {
                let stdin = std::io::stdin();
                zhmine::pipeline::process_stream(stdin.lock(), &mut w, &mut std::io::stderr())?
            } else {
                zhmine::pipeline::process_paths(&paths, &mut w, &mut std::io::stderr())?
            };
            w.flush()?;
            Ok(if failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

/// Help and version go to stdout as clap prints them; a usage error is one
/// `zhmine:` line (clap's first line, without its `error: ` prefix) and a
/// pointer to `--help`, exit 2, like every other error of the binary.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            eprintln!(
                "zhmine: {} (see zhmine --help)",
                usage_line(&e.render().to_string())
            );
            ExitCode::from(2)
        }
    }
}

/// clap's message up to its usage block on one line: the error, then what
/// it lists (the missing arguments) and its tip (a similar argument).
fn usage_line(rendered: &str) -> String {
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or("usage error");
    let mut out = first.strip_prefix("error: ").unwrap_or(first).to_string();
    let rest: Vec<&str> = lines
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect();
    if !rest.is_empty() {
        if !out.ends_with(':') {
            out.push(';');
        }
        out.push(' ');
        out.push_str(&rest.join(", "));
    }
    out
}

/// A note on stderr when `--entity NAME` names nothing the index knows
/// (the command still answers, with nothing).
fn note_entity(zi: &ZhIndex, name: Option<&str>) -> Result<()> {
    if let Some(n) = name {
        if query::entity_docs(zi, n)? == 0 {
            eprintln!(
                "zhmine: note: no article in this index mentions `{n}` \
                 (`zhmine entities` lists the names it knows)"
            );
        }
    }
    Ok(())
}

/// Open an index for reading, warning when it was built with other data
/// files than the ones in effect now (its extractions may differ from what a
/// rebuild would give).
fn open_index(path: &std::path::Path) -> Result<ZhIndex> {
    let zi = ZhIndex::open(path)?;
    let changed = zi.info.data_mismatches()?;
    if !changed.is_empty() && !zi.info.data.is_empty() {
        eprintln!(
            "zhmine: warning: index {} was built with other versions of {} (another --data \
             folder or zhmine version); pass the --data it was built with, or rebuild with \
             `zhmine ingest --rebuild --index {} CORPUS...` to apply these",
            path.display(),
            changed.join(", "),
            path.display()
        );
    }
    Ok(zi)
}

/// Colour on standard output: a terminal, and no `NO_COLOR` set
/// (<https://no-color.org>).
fn color_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A unit enum's name as its JSON spells it (`year`, `figure`).
fn serde_plain(v: &impl serde::Serialize) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// `value` as pretty JSON and a newline. Write errors stay `io::Error`s (a
/// `serde_json::Error` would hide a closed pipe from `main`).
fn write_json(w: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::from)?;
    writeln!(w)
}

/// `s` padded with spaces to `cols` terminal columns (a Han character takes
/// two), for tables that line up in a terminal.
fn pad(s: &str, cols: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(cols.saturating_sub(w)))
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e18 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn print_summary(w: &mut impl Write, s: &pipeline::Summary) -> std::io::Result<()> {
    writeln!(
        w,
        "{} files: {} new, {} updated, {} unchanged, {} failed; {} articles, {} sentences, {} of text in {:.2} s ({:.1} MB/s), {} commit(s)",
        s.files_seen + if s.files_seen == 0 { s.files_failed } else { 0 },
        s.files_new,
        s.files_updated,
        s.files_unchanged,
        s.files_failed,
        s.articles,
        s.sentences,
        if s.bytes >= 1_000_000 {
            format!("{:.1} MB", s.bytes as f64 / 1e6)
        } else {
            format!("{:.1} KB", s.bytes as f64 / 1e3)
        },
        s.elapsed.as_secs_f64(),
        s.mb_per_s(),
        s.commits
    )?;
    if s.files_new + s.files_updated == 0 && s.files_failed == 0 {
        writeln!(w, "index unchanged: every file is already indexed")?;
    }
    Ok(())
}

fn print_search(
    w: &mut impl Write,
    r: &query::search::SearchResult,
    color: bool,
) -> std::io::Result<()> {
    writeln!(w, "{} hit(s) for {}", r.total_hits, r.query)?;
    for (i, h) in r.hits.iter().enumerate() {
        writeln!(
            w,
            "\n{}. {}  [{}]  {} {}  score {:.2}",
            i + 1,
            h.title.as_deref().unwrap_or("(untitled)"),
            h.doc_id,
            h.published.as_deref().unwrap_or("-"),
            h.source.as_deref().unwrap_or(""),
            h.score
        )?;
        let mut line = String::new();
        let mut last = 0;
        for r in &h.highlighted {
            let (Some(before), Some(hit)) = (
                h.fragment.get(last..r.start),
                h.fragment.get(r.start..r.end),
            ) else {
                continue;
            };
            line.push_str(before);
            if color {
                line.push_str("\x1b[1;31m");
                line.push_str(hit);
                line.push_str("\x1b[0m");
            } else {
                line.push('[');
                line.push_str(hit);
                line.push(']');
            }
            last = r.end;
        }
        line.push_str(h.fragment.get(last..).unwrap_or(""));
        let line = line.replace('\n', " ");
        if !line.trim().is_empty() {
            writeln!(w, "   {line}")?;
        }
        if let Some(st) = &h.sentence {
            const MAX: usize = 120;
            let n = st.text.chars().count();
            let text: String = st.text.chars().take(MAX).collect();
            writeln!(
                w,
                "   » sentence {} (chars {}..{}): {text}{}",
                st.index,
                st.char_start,
                st.char_end,
                if n > MAX { "…" } else { "" }
            )?;
        }
    }
    Ok(())
}
