//! Entity extraction: platforms, organizations and brands from the gazetteer
//! and from patterns, people from the text (see [`super::people`]), resolved
//! per document.
//!
//! - **Gazetteer** (`data/gazetteer.tsv`): every alias, in simplified script,
//!   goes into one Aho-Corasick automaton (ASCII case-insensitive). A Han
//!   alias counts where it starts on a token boundary and ends on one (or the
//!   rest of its token is a suffix such as 电商/平台: `小红书电商` → 小红书),
//!   so `入手淘宝` does not read as 手淘. A Latin alias counts on ASCII word
//!   boundaries only (`RED` is not in `REDUCE`), and a short all-capitals
//!   alias (`RED`, `JD`, `PDD`) only as written, in capitals. A platform
//!   name followed by a contact handle (`添加作者微信 aqingcjx`) is a contact
//!   address, not a mention of the platform.
//! - **Organization patterns** (tagged sentences only, conservative): a proper
//!   noun token (`nz`/`nt`/`ns`/`nr`/`j`/…) followed by an organization suffix
//!   of `org_suffix` (资本、投资、集团…), unless the noun is generic (`长期投资`);
//!   Latin capitalized words followed by `Capital`/`Ventures`/`Group`/….
//! - **Brands**: Latin capitals right after `品牌` (`原生品牌 BEIN SPACE`).
//! - **People**: candidates confirmed by their context in their sentence,
//!   then by coordination with a confirmed person (`董洁和章小蕙`, tagging the
//!   sentence on demand) and repetition; finally every occurrence of a
//!   confirmed name (or pattern brand/org) on token boundaries in the same
//!   document is a mention.
//!
//! Names that are gazetteer aliases, role words or in the `reject` class are
//! never people.

use super::people::{self, Candidate, Detector, Form, PersonContext};
use crate::data;
use crate::model::{EntityKind, Sentence};
use crate::segment::{cut_sentence, is_han, jieba, Segmented, Token};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

/// One mention of an entity in an article's normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Canonical name, simplified script (for people: the name as written).
    pub name: String,
    pub kind: EntityKind,
    /// The words of the text.
    pub surface: String,
    /// Index of the sentence.
    pub sentence: usize,
    /// Byte span in the normalized text.
    pub byte_start: usize,
    pub byte_end: usize,
}

#[derive(Debug)]
struct Entry {
    canonical: String,
    kind: EntityKind,
    /// Aliases as written in the gazetteer (without the canonical name).
    aliases: Vec<String>,
}

#[derive(Debug)]
struct Pat {
    entity: usize,
    /// For short all-capitals aliases: the text must be exactly this.
    strict: Option<String>,
    ascii_start: bool,
    ascii_end: bool,
}

/// The gazetteer of platforms, organizations and brands.
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_canonical: HashMap<String, usize>,
    /// Simplified alias → entry.
    by_exact: HashMap<String, usize>,
    /// ASCII-lowercased simplified alias → entry.
    by_folded: HashMap<String, usize>,
    ac: Option<AhoCorasick>,
    pats: Vec<Pat>,
    problems: Vec<String>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| match data::text("gazetteer.tsv") {
    Ok(t) => Gazetteer::parse(&t),
    Err(e) => {
        let builtin = data::BUILTIN
            .iter()
            .find(|(n, _)| *n == "gazetteer.tsv")
            .map(|(_, t)| *t)
            .unwrap_or("");
        let mut g = Gazetteer::parse(builtin);
        g.problems.push(format!("gazetteer.tsv: {e}"));
        g
    }
});

/// Short all-capitals Latin aliases (`RED`, `JD`) only match as written.
fn is_short_caps(s: &str) -> bool {
    s.len() <= 4
        && s.bytes().any(|b| b.is_ascii_uppercase())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl Gazetteer {
    /// The process-wide gazetteer: built-in lines plus the user's.
    pub fn global() -> &'static Gazetteer {
        &GAZETTEER
    }

    /// Build from the text of a gazetteer file. Malformed lines are skipped
    /// and listed in [`Self::problems`].
    pub fn parse(text: &str) -> Gazetteer {
        let mut g = Gazetteer {
            entries: Vec::new(),
            by_canonical: HashMap::default(),
            by_exact: HashMap::default(),
            by_folded: HashMap::default(),
            ac: None,
            pats: Vec::new(),
            problems: Vec::new(),
        };
        // folded alias → (entry, spellings as written)
        let mut folded: Vec<(String, usize, Vec<String>)> = Vec::new();
        let mut folded_ix: HashMap<String, usize> = HashMap::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            if fields.len() < 2 || fields.len() > 3 || fields[0].is_empty() {
                g.problems.push(format!(
                    "gazetteer.tsv line {}: expected canonical<TAB>kind<TAB>aliases: `{line}`",
                    n + 1
                ));
                continue;
            }
            let Some(kind) = EntityKind::parse(fields[1]) else {
                g.problems.push(format!(
                    "gazetteer.tsv line {}: unknown kind `{}`",
                    n + 1,
                    fields[1]
                ));
                continue;
            };
            let canonical = crate::normalize::to_simplified(fields[0]).into_owned();
            let ix = match g.by_canonical.get(&canonical) {
                // A repeated canonical name (a user line extending a built-in
                // one) adds aliases to the first.
                Some(&ix) => ix,
                None => {
                    g.entries.push(Entry {
                        canonical: canonical.clone(),
                        kind,
                        aliases: Vec::new(),
                    });
                    let ix = g.entries.len() - 1;
                    g.by_canonical.insert(canonical.clone(), ix);
                    ix
                }
            };
            let mut names = vec![canonical.clone()];
            if let Some(a) = fields.get(2) {
                for alias in a.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                    if alias != canonical && !g.entries[ix].aliases.iter().any(|x| x == alias) {
                        g.entries[ix].aliases.push(alias.to_string());
                    }
                    names.push(crate::normalize::to_simplified(alias).into_owned());
                }
            }
            for name in names {
                let key = name.to_ascii_lowercase();
                match folded_ix.get(&key) {
                    Some(&k) => {
                        let (_, owner, spellings) = &mut folded[k];
                        if *owner != ix {
                            g.problems.push(format!(
                                "gazetteer.tsv line {}: alias `{name}` already names `{}`",
                                n + 1,
                                g.entries[*owner].canonical
                            ));
                        } else if !spellings.contains(&name) {
                            spellings.push(name.clone());
                        }
                    }
                    None => {
                        folded_ix.insert(key.clone(), folded.len());
                        folded.push((key, ix, vec![name.clone()]));
                    }
                }
                g.by_exact.entry(name).or_insert(ix);
            }
        }
        let mut patterns = Vec::with_capacity(folded.len());
        for (key, ix, spellings) in &folded {
            g.by_folded.insert(key.clone(), *ix);
            let strict = if spellings.iter().all(|s| is_short_caps(s)) {
                spellings.first().cloned()
            } else {
                None
            };
            let first = key.chars().next().unwrap_or(' ');
            let last = key.chars().last().unwrap_or(' ');
            patterns.push(key.clone());
            g.pats.push(Pat {
                entity: *ix,
                strict,
                ascii_start: first.is_ascii_alphanumeric(),
                ascii_end: last.is_ascii_alphanumeric(),
            });
        }
        match AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // Every sentence of every article goes through it: the DFA is
            // the fastest automaton, and a few hundred aliases keep it small.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
        {
            Ok(ac) => g.ac = Some(ac),
            Err(e) => g.problems.push(format!("gazetteer.tsv: automaton: {e}")),
        }
        g
    }

    /// Alias (any script; any case for Latin) → `(canonical, kind)`.
    pub fn resolve(&self, name: &str) -> Option<(&str, EntityKind)> {
        let s = crate::normalize::to_simplified(name.trim());
        let ix = match self.by_exact.get(s.as_ref()) {
            Some(&ix) => ix,
            None => *self.by_folded.get(&s.to_ascii_lowercase())?,
        };
        let e = &self.entries[ix];
        Some((e.canonical.as_str(), e.kind))
    }

    /// Is `s` (already simplified) an alias? No allocation for Han text.
    pub fn is_alias(&self, s: &str) -> bool {
        self.by_exact.contains_key(s)
            || (s.bytes().any(|b| b.is_ascii_uppercase())
                && self.by_folded.contains_key(&s.to_ascii_lowercase()))
    }

    /// The aliases listed for a canonical name (empty when unknown).
    pub fn aliases(&self, canonical: &str) -> &[String] {
        match self.by_canonical.get(canonical) {
            Some(&ix) => &self.entries[ix].aliases,
            None => &[],
        }
    }

    /// Every canonical name with its kind.
    pub fn entries(&self) -> impl Iterator<Item = (&str, EntityKind)> {
        self.entries.iter().map(|e| (e.canonical.as_str(), e.kind))
    }

    /// Lines that were skipped, with the reason.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Matches of the gazetteer in `text[base..end]` (one sentence), given its
    /// tokens: `(start, end, entry)`, not overlapping, left to right.
    fn find_in(
        &self,
        text: &str,
        base: usize,
        end: usize,
        toks: &[Token],
    ) -> Vec<(usize, usize, usize)> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let Some(st) = text.get(base..end) else {
            return Vec::new();
        };
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for m in ac.find_overlapping_iter(st) {
            let (s, e) = (base + m.start(), base + m.end());
            let Some(p) = self.pats.get(m.pattern().as_usize()) else {
                continue;
            };
            if let Some(exact) = &p.strict {
                if text.get(s..e) != Some(exact.as_str()) {
                    continue;
                }
            }
            if p.ascii_start
                && text[..s]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            if p.ascii_end
                && text[e..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            if !p.ascii_start && !toks.is_empty() && !starts_token(toks, s) {
                continue;
            }
            if !p.ascii_end && !toks.is_empty() && !ends_token_or_suffix(text, toks, e) {
                continue;
            }
            let e_entry = &self.entries[p.entity];
            if e_entry.kind == EntityKind::Platform && contact_handle_follows(text, e) {
                continue;
            }
            found.push((s, e, p.entity));
        }
        // Leftmost, then longest, not overlapping.
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(found.len());
        for f in found {
            if out.last().is_none_or(|l| f.0 >= l.1) {
                out.push(f);
            }
        }
        out
    }
}

fn starts_token(toks: &[Token], pos: usize) -> bool {
    toks.binary_search_by_key(&pos, |t| t.start).is_ok()
}

/// Rest of a token after a platform name that still means the platform.
const NAME_SUFFIXES: &[&str] = &[
    "电商", "平台", "商城", "集团", "公司", "直播", "官方", "App", "APP", "app", "网", "系", "版",
    "上", "内", "等", "站", "店", "们",
];

fn ends_token_or_suffix(text: &str, toks: &[Token], pos: usize) -> bool {
    match toks.binary_search_by_key(&pos, |t| t.end) {
        Ok(_) => true,
        Err(i) => toks
            .get(i)
            .filter(|t| t.start < pos)
            .and_then(|t| text.get(pos..t.end))
            .is_some_and(|rest| NAME_SUFFIXES.contains(&rest)),
    }
}

/// `微信 aqingcjx`, `微信:abc_123`: a lowercase ASCII handle of 5+ characters.
fn contact_handle_follows(text: &str, pos: usize) -> bool {
    let rest = text.get(pos..).unwrap_or("");
    let rest = rest.trim_start_matches([' ', '\u{3000}', ':', '：', '\t']);
    let handle: &str = {
        let n = rest
            .bytes()
            .take_while(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.')
            })
            .count();
        &rest[..n] // ok: the taken bytes are ASCII, so `n` is a char boundary
    };
    handle.len() >= 5
        && handle.as_bytes()[0].is_ascii_lowercase()
        && !rest[handle.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
}

/// Cheap test (called on every sentence before segmentation): does this
/// sentence contain a word that can confirm a person (speech verb, role word,
/// honorific) or an organization suffix, so that POS tagging is worth it?
pub fn needs_tags(sentence: &str) -> bool {
    PersonContext::global().has_trigger(sentence)
}

struct Patterns {
    latin_org: Option<Regex>,
    brand: Option<Regex>,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let ctx = PersonContext::global();
    let alt = |v: &[String]| {
        let mut v: Vec<String> = v.iter().map(|s| regex::escape(s)).collect();
        v.sort_by_key(|s| std::cmp::Reverse(s.len()));
        v.join("|")
    };
    let latin_org = (!ctx.org_suffix_latin.is_empty())
        .then(|| {
            Regex::new(&format!(
                r"(?:[A-Z][A-Za-z0-9&]*[ ]){{1,3}}(?:{})",
                alt(&ctx.org_suffix_latin)
            ))
            .ok()
        })
        .flatten();
    let brand = (!ctx.brand_intro.is_empty())
        .then(|| {
            Regex::new(&format!(
                r"(?:{})[ \u{{3000}}]*([A-Z][A-Z&'\-]+(?:[ ][A-Z][A-Z&'\-]+){{0,3}})",
                alt(&ctx.brand_intro)
            ))
            .ok()
        })
        .flatten();
    Patterns { latin_org, brand }
});

fn ascii_bounded(text: &str, s: usize, e: usize) -> bool {
    !text[..s]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && !text[e..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

fn tag_str(t: &Token) -> &str {
    match &t.tag {
        Some(p) => p.as_str(),
        None => "",
    }
}

/// Organization and brand names found by pattern in one sentence:
/// `(start, end, kind)`.
fn pattern_entities(
    gaz: &Gazetteer,
    ctx: &PersonContext,
    text: &str,
    s: &Sentence,
    toks: &[Token],
) -> Vec<(usize, usize, EntityKind)> {
    let mut out = Vec::new();
    let Some(st) = text.get(s.byte_start..s.byte_end) else {
        return out;
    };
    let pats = &*PATTERNS;
    if st.is_ascii() || st.bytes().any(|b| b.is_ascii_uppercase()) {
        if let Some(re) = &pats.latin_org {
            for m in re.find_iter(st) {
                let (a, b) = (s.byte_start + m.start(), s.byte_start + m.end());
                if ascii_bounded(text, a, b) {
                    out.push((a, b, EntityKind::Organization));
                }
            }
        }
        if let Some(re) = &pats.brand {
            for c in re.captures_iter(st) {
                let Some(m) = c.get(1) else { continue };
                let (a, b) = (s.byte_start + m.start(), s.byte_start + m.end());
                let name = m.as_str();
                let first = name.split(' ').next().unwrap_or(name);
                if name.len() >= 2
                    && ascii_bounded(text, a, b)
                    && !ctx.not_brand.contains(first)
                    && !ctx.not_brand.contains(name)
                    && !ctx.role.contains(name)
                {
                    out.push((a, b, EntityKind::Brand));
                }
            }
        }
    }
    // Han organization suffixes: only where POS tags tell a proper noun.
    let proper = |t: &Token| {
        matches!(
            tag_str(t),
            "nz" | "nt" | "ns" | "nr" | "nrt" | "nrfg" | "j" | "x" | "eng"
        )
    };
    for (i, t) in toks.iter().enumerate() {
        if t.tag.is_none() {
            break;
        }
        let w = t.text(text);
        let Some(suffix) = ctx.org_suffix.iter().find(|x| w.ends_with(x.as_str())) else {
            continue;
        };
        let (prefix_start, prefix) = if w.len() == suffix.len() {
            let Some(p) = (0..i)
                .rev()
                .find(|&k| !toks[k].text(text).trim().is_empty())
            else {
                continue;
            };
            let pt = &toks[p];
            if !proper(pt) {
                continue;
            }
            (
                pt.start,
                text.get(pt.start..t.start).unwrap_or("").trim_end(),
            )
        } else {
            if !matches!(tag_str(t), "nt" | "nz" | "x" | "j") {
                continue;
            }
            (t.start, &w[..w.len() - suffix.len()])
        };
        let plen = prefix.chars().count();
        let han = prefix.chars().all(is_han);
        let latin = prefix.bytes().all(|b| b.is_ascii_alphanumeric())
            && prefix.bytes().any(|b| b.is_ascii_uppercase());
        if !((han && (2..=4).contains(&plen)) || (latin && prefix.len() >= 2))
            || ctx.org_generic.contains(prefix)
            || ctx.role.contains(prefix)
            || ctx.reject.contains(prefix)
            || gaz.is_alias(prefix)
        {
            continue;
        }
        out.push((prefix_start, t.end, EntityKind::Organization));
    }
    out
}

/// `(tok_start, tok_end, byte_start, byte_end)` of every occurrence of `name`
/// in a sentence that starts on a token start and ends on a token end (or one
/// glued function character before it: `方昭是`).
fn occurrences(text: &str, toks: &[Token], name: &str) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(rest) = text.get(t.start..) else {
            continue;
        };
        if !rest.starts_with(name) {
            continue;
        }
        let end = t.start + name.len();
        for (j, u) in toks.iter().enumerate().skip(i) {
            if u.end == end {
                out.push((i, j + 1, t.start, end));
                break;
            }
            if u.end > end {
                let tail = text.get(end..u.end).unwrap_or("");
                let mut cs = tail.chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    if "是说在和也就都称曾则把被对向跟等的了与".contains(c) {
                        out.push((i, j + 1, t.start, end));
                    }
                }
                break;
            }
        }
    }
    out
}

/// All mentions of an article, in text order.
///
/// `seg.sentences[i]` are the tokens of `sentences[i]`; tokens of sentences for
/// which [`needs_tags`] was true carry POS tags. Garbled sentences are skipped;
/// boilerplate sentences count (an author named in a reprint notice is a
/// person).
pub fn find_mentions(text: &str, sentences: &[Sentence], seg: &Segmented) -> Vec<Mention> {
    let gaz = Gazetteer::global();
    let ctx = PersonContext::global();
    let empty: Vec<Token> = Vec::new();
    let tokens_of = |i: usize| seg.sentences.get(i).unwrap_or(&empty);
    let is_alias = |n: &str| gaz.is_alias(n);
    let in_dict = |w: &str| jieba().has_word(w);
    let det = Detector {
        ctx,
        is_alias: &is_alias,
        in_dict: &in_dict,
    };

    let mut mentions: Vec<Mention> = Vec::new();
    // Pattern names (brands, orgs) to propagate: name → kind.
    let mut pattern_names: Vec<(String, EntityKind)> = Vec::new();
    // Confirmed people, in order of confirmation.
    let mut people_names: Vec<String> = Vec::new();
    // Three-character surname-initial `nr` names not confirmed in their sentence.
    let mut pending_repeat: Vec<String> = Vec::new();

    for (si, s) in sentences.iter().enumerate() {
        if s.flags.garbled {
            continue;
        }
        let toks = tokens_of(si);
        for (a, b, ix) in gaz.find_in(text, s.byte_start, s.byte_end, toks) {
            let e = &gaz.entries[ix];
            mentions.push(Mention {
                name: e.canonical.clone(),
                kind: e.kind,
                surface: text.get(a..b).unwrap_or("").to_string(),
                sentence: si,
                byte_start: a,
                byte_end: b,
            });
        }
        for (a, b, kind) in pattern_entities(gaz, ctx, text, s, toks) {
            let name = text.get(a..b).unwrap_or("").to_string();
            if gaz.is_alias(&name) || name.is_empty() {
                continue;
            }
            if !pattern_names.iter().any(|(n, _)| *n == name) {
                pattern_names.push((name, kind));
            }
        }
        if toks.first().is_none_or(|t| t.tag.is_none()) {
            continue;
        }
        for (c, _) in people::sentence_people(&det, text, toks) {
            let name = &text[c.start..c.end]; // ok: candidate spans are token-aligned char boundaries
            if !people_names.iter().any(|n| n == name) {
                people_names.push(name.to_string());
            }
        }
        for c in det.candidates(text, toks) {
            let name = &text[c.start..c.end]; // ok: as above
            if c.form == Form::Name
                && name.chars().count() >= 3
                && c.tok_end == c.tok_start + 1
                && !pending_repeat.iter().any(|n| n == name)
            {
                pending_repeat.push(name.to_string());
            }
        }
    }

    // Repetition: a three-character `nr` name seen at least twice.
    for name in &pending_repeat {
        if people_names.contains(name) {
            continue;
        }
        let n: usize = sentences
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.flags.garbled)
            .map(|(si, _)| occurrences(text, tokens_of(si), name).len())
            .sum();
        if n >= 2 {
            people_names.push(name.clone());
        }
    }

    // Coordination with a confirmed person, tagging the sentence on demand.
    let mut retagged: HashMap<usize, Vec<Token>> = HashMap::default();
    for _round in 0..3 {
        let mut added = false;
        for (si, s) in sentences.iter().enumerate() {
            if s.flags.garbled {
                continue;
            }
            let toks0 = tokens_of(si);
            let st = text.get(s.byte_start..s.byte_end).unwrap_or("");
            let near_conj = people_names.iter().any(|n| {
                st.contains(n.as_str())
                    && occurrences(text, toks0, n).iter().any(|&(i, j, _, _)| {
                        let next = toks0.get(j).map(|t| t.text(text)).unwrap_or("");
                        let prev = i
                            .checked_sub(1)
                            .and_then(|p| toks0.get(p))
                            .map(|t| t.text(text))
                            .unwrap_or("");
                        ctx.conj.contains(next) || ctx.conj.contains(prev)
                    })
            });
            if !near_conj {
                continue;
            }
            let toks: &[Token] = if toks0.first().is_some_and(|t| t.tag.is_some()) {
                toks0
            } else {
                retagged.entry(si).or_insert_with(|| {
                    let st = text.get(s.byte_start..s.byte_end).unwrap_or("");
                    cut_sentence(jieba(), st, s.byte_start, true)
                })
            };
            let cands = det.candidates(text, toks);
            let mut new_names: Vec<String> = Vec::new();
            for n in &people_names {
                for (i, j, a, b) in occurrences(text, toks, n) {
                    let me = Candidate {
                        start: a,
                        end: b,
                        tok_start: i,
                        tok_end: j,
                        form: Form::Name,
                        tail_speech: false,
                    };
                    for x in det.coordinated(text, toks, &cands, &me) {
                        if matches!(x.form, Form::Name | Form::DictName | Form::Latin) {
                            let name = &text[x.start..x.end]; // ok: token-aligned
                            if !people_names.iter().any(|p| p == name)
                                && !new_names.iter().any(|p| p == name)
                            {
                                new_names.push(name.to_string());
                            }
                        }
                    }
                }
            }
            if !new_names.is_empty() {
                added = true;
                people_names.extend(new_names);
            }
        }
        if !added {
            break;
        }
    }

    // Propagation: every occurrence of a confirmed name or pattern name.
    let gaz_spans: Vec<(usize, usize)> = mentions
        .iter()
        .map(|m| (m.byte_start, m.byte_end))
        .collect();
    let overlaps_gaz = |a: usize, b: usize| gaz_spans.iter().any(|&(x, y)| a < y && x < b);
    for (si, s) in sentences.iter().enumerate() {
        if s.flags.garbled {
            continue;
        }
        let toks: &[Token] = match retagged.get(&si) {
            Some(t) => t,
            None => tokens_of(si),
        };
        let st = text.get(s.byte_start..s.byte_end).unwrap_or("");
        for n in &people_names {
            if !st.contains(n.as_str()) {
                continue;
            }
            for (_, _, a, b) in occurrences(text, toks, n) {
                if !overlaps_gaz(a, b) {
                    mentions.push(Mention {
                        name: n.clone(),
                        kind: EntityKind::Person,
                        surface: n.clone(),
                        sentence: si,
                        byte_start: a,
                        byte_end: b,
                    });
                }
            }
        }
        for (n, kind) in &pattern_names {
            let mut from = 0;
            while let Some(off) = st.get(from..).and_then(|r| r.find(n.as_str())) {
                let a = s.byte_start + from + off;
                let b = a + n.len();
                from += off + n.len();
                let ok = if n.is_ascii() {
                    ascii_bounded(text, a, b)
                } else {
                    toks.is_empty() || starts_token(toks, a)
                };
                if ok && !overlaps_gaz(a, b) {
                    mentions.push(Mention {
                        name: n.clone(),
                        kind: *kind,
                        surface: n.clone(),
                        sentence: si,
                        byte_start: a,
                        byte_end: b,
                    });
                }
            }
        }
    }

    // Text order; where spans overlap, the earlier-found (gazetteer, then
    // patterns, then people) and longer one wins.
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (&mentions[x], &mentions[y]);
        a.byte_start
            .cmp(&b.byte_start)
            .then(b.byte_end.cmp(&a.byte_end))
            .then(x.cmp(&y))
    });
    let mut keep: Vec<bool> = vec![false; mentions.len()];
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut by_priority: Vec<usize> = (0..mentions.len()).collect();
    by_priority.sort_by_key(|&i| {
        (
            i,
            std::cmp::Reverse(mentions[i].byte_end - mentions[i].byte_start),
        )
    });
    let mut seen: HashSet<(usize, usize)> = HashSet::default();
    for i in by_priority {
        let m = &mentions[i];
        if !seen.insert((m.byte_start, m.byte_end)) {
            continue;
        }
        if taken
            .iter()
            .any(|&(x, y)| m.byte_start < y && x < m.byte_end)
        {
            continue;
        }
        taken.push((m.byte_start, m.byte_end));
        keep[i] = true;
    }
    let mut out = Vec::with_capacity(mentions.len());
    let mut slots: Vec<Option<Mention>> = mentions.into_iter().map(Some).collect();
    for i in order {
        if keep[i] {
            if let Some(m) = slots[i].take() {
                out.push(m);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SentenceFlags;

    /// Split on 。!?, segment, tag where needed, find mentions.
    fn mentions(text: &str) -> Vec<Mention> {
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if matches!(c, '。' | '!' | '?' | '\n') || i + c.len_utf8() == text.len() {
                let end = i + c.len_utf8();
                sentences.push(Sentence {
                    byte_start: start,
                    byte_end: end,
                    char_start: text[..start].chars().count(),
                    char_end: text[..end].chars().count(),
                    flags: SentenceFlags::default(),
                });
                start = end;
            }
        }
        let seg = crate::segment::segment(text, &sentences, needs_tags);
        find_mentions(text, &sentences, &seg)
    }

    fn names(text: &str, kind: EntityKind) -> Vec<String> {
        mentions(text)
            .into_iter()
            .filter(|m| m.kind == kind)
            .map(|m| m.name)
            .collect()
    }

    fn t2s(s: &str) -> String {
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
            .expect("built-in OpenCC config")
            .convert(s)
    }

    #[test]
    fn gazetteer_parses_and_resolves() {
        let g = Gazetteer::global();
        assert!(g.problems().is_empty(), "{:?}", g.problems());
        assert_eq!(g.resolve("小红书"), Some(("小红书", EntityKind::Platform)));
        assert_eq!(
            g.resolve("xiaohongshu"),
            Some(("小红书", EntityKind::Platform))
        );
        assert_eq!(g.resolve("red"), Some(("小红书", EntityKind::Platform)));
        assert_eq!(
            g.resolve("GGV"),
            Some(("GGV Capital", EntityKind::Organization))
        );
        assert_eq!(g.resolve("不存在的公司"), None);
        assert!(g.aliases("拼多多").iter().any(|a| a == "PDD"));
        assert!(g.aliases("nobody").is_empty());
    }

    #[test]
    fn malformed_gazetteer_lines_are_skipped_with_a_problem() {
        let g =
            Gazetteer::parse("# c\n甲平台\tplatform\t甲|JIA\n坏行\n乙\tplanet\t乙乙\n丙\tbrand\n");
        assert_eq!(g.problems().len(), 2, "{:?}", g.problems());
        assert_eq!(g.resolve("jia"), Some(("甲平台", EntityKind::Platform)));
        assert_eq!(g.resolve("丙"), Some(("丙", EntityKind::Brand)));
        assert_eq!(g.resolve("乙乙"), None);
    }

    #[test]
    fn han_alias_with_suffix_counts() {
        assert_eq!(
            names("过去一年,小红书电商GMV实现1000亿。", EntityKind::Platform),
            vec!["小红书"]
        );
        assert_eq!(
            names("以抖音电商为例。", EntityKind::Platform),
            vec!["抖音"]
        );
        assert_eq!(
            names(
                "除了小红书的流量规模不如抖音快手等其他平台。",
                EntityKind::Platform
            ),
            vec!["小红书", "抖音", "快手"]
        );
    }

    #[test]
    fn alias_inside_another_word_does_not_count() {
        assert_eq!(
            names("他顺手淘宝下单。", EntityKind::Platform),
            vec!["淘宝"]
        );
        assert!(names("京东方发布财报。", EntityKind::Platform).is_empty());
    }

    #[test]
    fn latin_aliases_respect_word_boundaries_and_case() {
        assert!(names("We must REDUCE costs.", EntityKind::Platform).is_empty());
        assert!(names("a red dress and a jd file", EntityKind::Platform).is_empty());
        assert_eq!(
            names("RED 与 JD 都在加码。", EntityKind::Platform),
            vec!["小红书", "京东"]
        );
        assert_eq!(
            names("随着Tiktok禁令撤销。", EntityKind::Platform),
            vec!["TikTok"]
        );
        assert_eq!(
            names("Temu 和 temu 都是 TEMU。", EntityKind::Platform).len(),
            3
        );
    }

    #[test]
    fn contact_handle_is_not_a_platform_mention() {
        assert!(names("欢迎读者添加作者微信 aqingcjx 交流。", EntityKind::Platform).is_empty());
        assert_eq!(
            names("微信 DAU 持续增长。", EntityKind::Platform),
            vec!["微信"]
        );
    }

    #[test]
    fn traditional_text_after_conversion() {
        let s = t2s("小紅書與拼多多、京東在雙十一正面競爭。");
        assert_eq!(
            names(&s, EntityKind::Platform),
            vec!["小红书", "拼多多", "京东"]
        );
    }

    #[test]
    fn organization_patterns() {
        let orgs = names(
            "报道称投资者 GGV Capital、金沙江创投和天图投资正在洽售部分持股。",
            EntityKind::Organization,
        );
        assert_eq!(orgs, vec!["GGV Capital", "金沙江创投", "天图投资"]);
        let orgs = names(
            "分析师表示,Sunrise Ventures 与 Blue Lake Capital 领投。",
            EntityKind::Organization,
        );
        assert_eq!(orgs, vec!["Sunrise Ventures", "Blue Lake Capital"]);
        assert!(names("分析师表示,长期投资需要耐心。", EntityKind::Organization).is_empty());
        assert!(names("他表示投资是长期的事。", EntityKind::Organization).is_empty());
    }

    #[test]
    fn brand_after_pinpai() {
        assert_eq!(
            names("以小红书原生品牌 BEIN SPACE 为例。", EntityKind::Brand),
            vec!["BEIN SPACE"]
        );
        assert!(names("这个品牌 GMV 增长很快。", EntityKind::Brand).is_empty());
        assert!(names("这个品牌 Top2 的位置。", EntityKind::Brand).is_empty());
    }

    #[test]
    fn people_propagate_within_a_document() {
        let text = "小红书首席运营官柯南转至电商。后来柯南在大会上露面。柯南的想法很多。";
        let ms: Vec<Mention> = mentions(text)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Person)
            .collect();
        assert_eq!(ms.len(), 3, "{ms:?}");
        assert!(ms
            .iter()
            .all(|m| m.name == "柯南" && &text[m.byte_start..m.byte_end] == "柯南"));
        assert_eq!(
            ms.iter().map(|m| m.sentence).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
    }

    #[test]
    fn coordination_with_a_confirmed_person_tags_on_demand() {
        let text = "明星董洁首秀后三场直播累计GMV过亿。小红书找到了董洁和章小蕙。";
        let p = names(text, EntityKind::Person);
        assert!(p.contains(&"章小蕙".to_string()), "{p:?}");
    }

    #[test]
    fn garbled_sentences_are_skipped() {
        let text = "服务商施海华表示,小红书不错。";
        let sentences = vec![Sentence {
            byte_start: 0,
            byte_end: text.len(),
            char_start: 0,
            char_end: text.chars().count(),
            flags: SentenceFlags {
                garbled: true,
                ..Default::default()
            },
        }];
        let seg = crate::segment::segment(text, &sentences, needs_tags);
        assert!(find_mentions(text, &sentences, &seg).is_empty());
    }

    #[test]
    fn mentions_are_in_text_order_without_overlap() {
        let ms = mentions("雷峰网作者陈嘉欣持续跟踪小红书、抖音、视频号等内容平台。");
        let spans: Vec<(usize, usize)> = ms.iter().map(|m| (m.byte_start, m.byte_end)).collect();
        let mut sorted = spans.clone();
        sorted.sort();
        assert_eq!(spans, sorted);
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
        let got: Vec<(&str, EntityKind)> = ms.iter().map(|m| (m.name.as_str(), m.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("雷峰网", EntityKind::Organization),
                ("陈嘉欣", EntityKind::Person),
                ("小红书", EntityKind::Platform),
                ("抖音", EntityKind::Platform),
                ("视频号", EntityKind::Platform),
            ]
        );
    }

    #[test]
    fn needs_tags_is_selective() {
        assert!(needs_tags("晓西向雷峰网表示"));
        assert!(needs_tags("它的主理人 Lili 和安娜"));
        assert!(!needs_tags("在小红书,直播间更像是商品展示的一个场景。"));
    }
}
