//! Claims: sentence-level statements about an entity, with a period.
//!
//! Three kinds (see [`ClaimKind`]):
//!
//! * **figure** — every [`Figure`] with a subject;
//! * **strategy** — a platform or organization, a strategy word
//!   (`data/claim_verbs.tsv`, class `strategy`: 主推, 提出, 切到, 上线 …) and at
//!   least one topic (`data/topics.tsv`);
//! * **opinion** — a person followed by a speech word (表示, 认为, 告诉 …) or by
//!   a colon and a quotation; the person is an actor of the claim.
//!
//! A sentence is cut into clauses at `,` `;` (and before a shift word such as
//! 切到 or 进阶到), so that `2023 年,小红书主推的是买手直播,2024年重心又切到商家店播`
//! yields one claim for 2023 (买手直播) and one for 2024 (商家店播): each clause
//! takes its own time expression, or the one of the clause before it.
//!
//! The entity of a claim is a platform or organization the sentence names.
//! The article's main entity stands in only where the sentence names none
//! and speaks of "the platform" (`self` words: 平台, 官方). Boilerplate and
//! garbled sentences never yield claims. A heading (a short line without a
//! sentence end, as a one-line `extract --text` is too) yields its figure
//! claims (`去年小红书电商GMV突破1000亿元`) and its opinions (a person and a
//! speech verb: `柯南表示小红书要做买手直播`), not strategy claims: the
//! strategy words of a section title (`小红书主推店播`) state no move.

use crate::extract::entities::Mention;
use crate::extract::time::TimeExpr;
use crate::extract::{Claim, ClaimKind, Figure};
use crate::model::{EntityKind, Evidence, Period, Sentence};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

/// The strategy topics of `data/topics.tsv`: canonical names and the
/// spellings that signal them.
#[derive(Debug)]
pub struct Topics {
    /// Canonical topic names, in file order.
    names: Vec<String>,
    /// Every variant, and every canonical name, as a pattern.
    ac: Option<AhoCorasick>,
    /// Pattern index → (topic index, pattern is ASCII).
    of_pattern: Vec<(usize, bool)>,
    /// Pattern texts (for resolving a user's `--topic`).
    patterns: Vec<String>,
}

/// A topic found in a text: byte span and canonical name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicHit<'a> {
    pub start: usize,
    pub end: usize,
    pub topic: &'a str,
}

impl Topics {
    /// Parse a `topics.tsv` text (`topic<TAB>variant|variant`).
    pub fn parse(text: &str) -> Topics {
        let mut names: Vec<String> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut of_pattern = Vec::new();
        for line in crate::data::lines(text) {
            let mut cols = line.split('\t');
            let Some(name) = cols.next().map(str::trim).filter(|n| !n.is_empty()) else {
                continue;
            };
            let idx = match names.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    names.push(name.to_string());
                    names.len() - 1
                }
            };
            let variants = cols.next().unwrap_or("");
            for v in std::iter::once(name).chain(variants.split('|')) {
                let v = v.trim();
                if v.is_empty() || patterns.iter().any(|p| p == v) {
                    continue;
                }
                patterns.push(v.to_string());
                of_pattern.push((idx, v.is_ascii()));
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            // Run over every sentence: the DFA is the fastest automaton.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .ok();
        Topics {
            names,
            ac,
            of_pattern,
            patterns,
        }
    }

    /// The topics of `data/topics.tsv` (built-in lines plus the user's).
    pub fn global() -> &'static Topics {
        static T: OnceLock<Topics> = OnceLock::new();
        T.get_or_init(|| Topics::parse(&data_text("topics.tsv")))
    }

    /// Canonical topic names, in file order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Every topic occurrence in `s`, leftmost-longest (买手直播 is one hit of
    /// 买手直播, not also one of 买手), in text order. ASCII variants (`AI`)
    /// only match as whole words.
    pub fn find<'a>(&'a self, s: &str) -> Vec<TopicHit<'a>> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_iter(s) {
            let Some(&(ti, ascii)) = self.of_pattern.get(m.pattern().as_usize()) else {
                continue;
            };
            if ascii && !ascii_word_at(s, m.start(), m.end()) {
                continue;
            }
            if let Some(name) = self.names.get(ti) {
                out.push(TopicHit {
                    start: m.start(),
                    end: m.end(),
                    topic: name,
                });
            }
        }
        out
    }

    /// Distinct topics of `s` in order of first occurrence.
    pub fn topics_in(&self, s: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for h in self.find(s) {
            if !out.iter().any(|t| t == h.topic) {
                out.push(h.topic.to_string());
            }
        }
        out
    }

    /// The canonical topic a user means by `s` (a topic name or one of its
    /// variants, any script, ASCII case-insensitive).
    pub fn resolve(&self, s: &str) -> Option<&str> {
        let simp = crate::normalize::to_simplified(s.trim()).into_owned();
        let pos = self.patterns.iter().position(|p| *p == simp).or_else(|| {
            self.patterns
                .iter()
                .position(|p| p.eq_ignore_ascii_case(&simp))
        })?;
        let (ti, _) = self.of_pattern.get(pos)?;
        self.names.get(*ti).map(String::as_str)
    }
}

/// Is `s[start..end]` not glued to ASCII letters or digits on either side?
fn ascii_word_at(s: &str, start: usize, end: usize) -> bool {
    let before = s
        .get(..start)
        .and_then(|p| p.chars().next_back())
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let after = s
        .get(end..)
        .and_then(|p| p.chars().next())
        .is_some_and(|c| c.is_ascii_alphanumeric());
    !before && !after
}

/// The text of a data file; when the user's extension cannot be read, the
/// built-in part with a warning (a lexicon is not worth failing a run over).
fn data_text(name: &str) -> String {
    match crate::data::text(name) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("zhmine: {e}; using the built-in {name}");
            crate::data::BUILTIN
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string())
                .unwrap_or_default()
        }
    }
}

/// The word classes of `data/claim_verbs.tsv`.
#[derive(Debug)]
pub struct ClaimWords {
    strategy: Option<AhoCorasick>,
    speech: Option<AhoCorasick>,
    selfref: Option<AhoCorasick>,
    shift_from: Option<AhoCorasick>,
    shift_to: Option<AhoCorasick>,
}

impl ClaimWords {
    /// Parse a `claim_verbs.tsv` text (`class<TAB>word|word`).
    pub fn parse(text: &str) -> ClaimWords {
        let mut classes: [(&str, Vec<String>); 5] = [
            ("strategy", Vec::new()),
            ("speech", Vec::new()),
            ("self", Vec::new()),
            ("shift_from", Vec::new()),
            ("shift_to", Vec::new()),
        ];
        for line in crate::data::lines(text) {
            let mut cols = line.split('\t');
            let class = cols.next().unwrap_or("").trim();
            let words = cols.next().unwrap_or("");
            if let Some((_, list)) = classes.iter_mut().find(|(c, _)| *c == class) {
                list.extend(
                    words
                        .split('|')
                        .map(str::trim)
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
            }
        }
        let build = |words: &[String]| {
            if words.is_empty() {
                return None;
            }
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                // Run over every sentence: the DFA is the fastest automaton.
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .build(words)
                .ok()
        };
        let [(_, strategy), (_, speech), (_, selfref), (_, shift_from), (_, shift_to)] = &classes;
        ClaimWords {
            strategy: build(strategy),
            speech: build(speech),
            selfref: build(selfref),
            shift_from: build(shift_from),
            shift_to: build(shift_to),
        }
    }

    /// The words of `data/claim_verbs.tsv` (built-in lines plus the user's).
    pub fn global() -> &'static ClaimWords {
        static W: OnceLock<ClaimWords> = OnceLock::new();
        W.get_or_init(|| ClaimWords::parse(&data_text("claim_verbs.tsv")))
    }
}

/// Byte spans of the matches of `ac` in `s`.
fn spans(ac: &Option<AhoCorasick>, s: &str) -> Vec<(usize, usize)> {
    match ac {
        Some(ac) => ac.find_iter(s).map(|m| (m.start(), m.end())).collect(),
        None => Vec::new(),
    }
}

/// A shift a sentence states in words: from the topics before a shift word to
/// those after it (`从“买手时代”进阶到“生活方式电商”`, `…主推的是买手直播,2024年
/// 重心又切到商家店播`, `不再只提买手,转而…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextShift {
    pub from: Vec<String>,
    pub to: Vec<String>,
    /// Byte offset of the shift word in the sentence.
    pub at: usize,
}

/// The shifts `sentence` states. The old side is the topics after the last
/// `shift_from` word (从, 不再只提) before the shift word, or else all the
/// topics before it; the new side is the topics after it up to the end of
/// its clause. After 从, a plain 到 is a shift word too. Topics on both sides
/// are needed; a topic on both sides is dropped from both.
pub fn text_shifts(sentence: &str) -> Vec<TextShift> {
    text_shifts_with(sentence, Topics::global(), ClaimWords::global())
        .into_iter()
        .map(|(from, to, at)| TextShift {
            from: from.into_iter().map(str::to_string).collect(),
            to: to.into_iter().map(str::to_string).collect(),
            at,
        })
        .collect()
}

/// [`text_shifts`] without copies: `(old topics, new topics)` as the
/// canonical names of `data/topics.tsv`.
#[allow(clippy::type_complexity)]
pub(crate) fn text_shift_topics(sentence: &str) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    text_shifts_with(sentence, Topics::global(), ClaimWords::global())
        .into_iter()
        .map(|(from, to, _)| (from, to))
        .collect()
}

#[allow(clippy::type_complexity)]
fn text_shifts_with<'t>(
    sentence: &str,
    topics: &'t Topics,
    words: &ClaimWords,
) -> Vec<(Vec<&'t str>, Vec<&'t str>, usize)> {
    // Shift words first: most sentences have none, and they are cheap to find.
    let froms = spans(&words.shift_from, sentence);
    let mut tos = spans(&words.shift_to, sentence);
    if tos.is_empty() && froms.is_empty() {
        return Vec::new();
    }
    let hits = topics.find(sentence);
    if hits.len() < 2 {
        return Vec::new();
    }
    // 从 A 到 B: a plain 到 after a 从 (and not part of a longer shift word).
    for &(_, fe) in froms
        .iter()
        .filter(|(fs, fe)| sentence.get(*fs..*fe) == Some("从"))
    {
        if let Some(rest) = sentence.get(fe..) {
            let clause_end = rest.find([',', ';', '。']).unwrap_or(rest.len());
            if let Some(p) = rest.get(..clause_end).and_then(|r| r.find('到')) {
                let s = fe + p;
                if !tos.iter().any(|&(ts, te)| ts <= s && s < te) {
                    tos.push((s, s + '到'.len_utf8()));
                }
            }
        }
    }
    tos.sort();
    let mut out = Vec::new();
    let mut prev_end = 0;
    for &(ts, te) in &tos {
        // The old side starts after the last shift_from word before ts that
        // is followed by a topic, else after the previous shift word.
        let open = froms
            .iter()
            .filter(|(fs, fe)| *fs >= prev_end && *fe <= ts)
            .filter(|(_, fe)| hits.iter().any(|h| h.start >= *fe && h.end <= ts))
            .map(|&(_, fe)| fe)
            .next_back()
            .unwrap_or(prev_end);
        let close = sentence
            .get(te..)
            .and_then(|r| r.find([',', ';', '。']))
            .map(|p| te + p)
            .unwrap_or(sentence.len());
        let mut from: Vec<&'t str> = Vec::new();
        let mut to: Vec<&'t str> = Vec::new();
        for h in &hits {
            if h.start >= open && h.end <= ts {
                if !from.contains(&h.topic) {
                    from.push(h.topic);
                }
            } else if h.start >= te && h.end <= close && !to.contains(&h.topic) {
                to.push(h.topic);
            }
        }
        let both: Vec<&str> = from.iter().filter(|t| to.contains(t)).copied().collect();
        from.retain(|t| !both.contains(t));
        to.retain(|t| !both.contains(t));
        if !from.is_empty() && !to.is_empty() {
            out.push((from, to, ts));
        }
        prev_end = te;
    }
    out
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// A clause of a sentence: byte span relative to the sentence.
#[derive(Debug, Clone, Copy)]
struct Clause {
    start: usize,
    end: usize,
    /// Ends before a shift word: its topics are the old side of a shift,
    /// which the shift word makes a strategy statement.
    before_shift: bool,
}

/// Cut a sentence into clauses at `,` `;` `，` `；` and before shift words.
fn clauses(s: &str, words: &ClaimWords) -> Vec<Clause> {
    let mut cuts: Vec<(usize, usize, bool)> = Vec::new(); // (cut at, next start, before shift)
    for (i, c) in s.char_indices() {
        if matches!(c, ',' | ';' | '，' | '；') {
            cuts.push((i, i + c.len_utf8(), false));
        }
    }
    for (ts, _) in spans(&words.shift_to, s) {
        cuts.push((ts, ts, true));
    }
    cuts.sort();
    let mut out = Vec::new();
    let mut start = 0;
    for (at, next, shift) in cuts {
        if at < start {
            continue;
        }
        if at > start {
            out.push(Clause {
                start,
                end: at,
                before_shift: shift,
            });
        } else if shift {
            if let Some(last) = out.last_mut() {
                last.before_shift = true;
            }
        }
        start = next;
    }
    if start < s.len() {
        out.push(Clause {
            start,
            end: s.len(),
            before_shift: false,
        });
    }
    out
}

fn is_subject_kind(k: EntityKind) -> bool {
    matches!(k, EntityKind::Platform | EntityKind::Organization)
}

fn is_actor_kind(k: EntityKind) -> bool {
    matches!(
        k,
        EntityKind::Person | EntityKind::Platform | EntityKind::Organization
    )
}

/// A mention with its span made relative to its sentence.
struct Local<'a> {
    m: &'a Mention,
    start: usize,
    end: usize,
}

/// Find the claims of one article.
///
/// `text` is the normalized text, `sentences` its sentences, `mentions` the
/// entity mentions (byte spans in `text`), `times` the time expressions of
/// each sentence (byte spans relative to the sentence), `figures` the
/// article's figures and `main_entity` the platform or organization the
/// article is mostly about. Claims come in sentence order.
pub fn find_claims(
    doc_id: &str,
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    times: &[Vec<TimeExpr>],
    figures: &[Figure],
    main_entity: Option<&str>,
) -> Vec<Claim> {
    find_claims_with(
        doc_id,
        text,
        sentences,
        mentions,
        times,
        figures,
        main_entity,
        Topics::global(),
        ClaimWords::global(),
    )
}

#[allow(clippy::too_many_arguments)]
fn find_claims_with(
    doc_id: &str,
    text: &str,
    sentences: &[Sentence],
    mentions: &[Mention],
    times: &[Vec<TimeExpr>],
    figures: &[Figure],
    main_entity: Option<&str>,
    topics: &Topics,
    words: &ClaimWords,
) -> Vec<Claim> {
    let mut out = Vec::new();
    for (i, s) in sentences.iter().enumerate() {
        if s.flags.boilerplate || s.flags.garbled {
            continue;
        }
        // A heading states figures (`去年小红书电商GMV突破1000亿元`) and
        // attributed opinions (`柯南表示小红书要做买手直播`: a speech verb
        // makes no section title), but its strategy words are a title's.
        let heading = s.flags.heading;
        let Some(st) = text.get(s.byte_start..s.byte_end) else {
            continue;
        };
        let mut local: Vec<Local> = mentions
            .iter()
            .filter(|m| m.sentence == i && m.byte_start >= s.byte_start && m.byte_end <= s.byte_end)
            .map(|m| Local {
                m,
                start: m.byte_start - s.byte_start,
                end: m.byte_end - s.byte_start,
            })
            .collect();
        local.sort_by_key(|l| (l.start, l.end));
        let mut ts: Vec<&TimeExpr> = times
            .get(i)
            .map(|v| v.iter().filter(|t| t.byte_end <= st.len()).collect())
            .unwrap_or_default();
        ts.sort_by_key(|t| (t.byte_start, t.byte_end));
        let evidence = Evidence {
            doc_id: doc_id.to_string(),
            sentence: st.to_string(),
            char_start: s.char_start,
            char_end: s.char_end,
        };
        let ctx = SentenceCtx {
            text: st,
            local: &local,
            times: &ts,
            evidence: &evidence,
            main_entity,
            topics,
            words,
        };
        // (a) figures of this sentence.
        for f in figures.iter().filter(|f| {
            f.evidence.doc_id == doc_id
                && f.evidence.char_start == s.char_start
                && f.evidence.char_end == s.char_end
        }) {
            if let Some(c) = ctx.figure_claim(f) {
                out.push(c);
            }
        }
        // (c) opinions, else (b) strategy statements.
        let opinions = ctx.opinion_claims();
        if opinions.is_empty() {
            if !heading {
                out.extend(ctx.strategy_claims());
            }
        } else {
            out.extend(opinions);
        }
    }
    out
}

/// What the claim finders know of one sentence.
struct SentenceCtx<'a> {
    text: &'a str,
    local: &'a [Local<'a>],
    times: &'a [&'a TimeExpr],
    evidence: &'a Evidence,
    main_entity: Option<&'a str>,
    topics: &'a Topics,
    words: &'a ClaimWords,
}

impl SentenceCtx<'_> {
    fn subjects(&self) -> impl Iterator<Item = &Local<'_>> {
        self.local.iter().filter(|l| is_subject_kind(l.m.kind))
    }

    /// People, platforms and organizations of the sentence other than `entity`.
    fn actors(&self, entity: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in self.local.iter().filter(|l| is_actor_kind(l.m.kind)) {
            if l.m.name != entity {
                push_unique(&mut out, &l.m.name);
            }
        }
        out
    }

    /// The first time expression starting within `[start, end)`.
    fn period_in(&self, start: usize, end: usize) -> Option<Period> {
        self.times
            .iter()
            .find(|t| t.byte_start >= start && t.byte_start < end)
            .map(|t| t.period.clone())
    }

    fn claim(
        &self,
        entity: &str,
        kind: ClaimKind,
        period: Option<Period>,
        topics: Vec<String>,
    ) -> Claim {
        Claim {
            entity: entity.to_string(),
            kind,
            period,
            topics,
            actors: self.actors(entity),
            figure: None,
            claim: self.text.to_string(),
            evidence: self.evidence.clone(),
        }
    }

    /// (a) A figure with a subject; topics of the clause that holds it.
    fn figure_claim(&self, f: &Figure) -> Option<Claim> {
        let subject = f.subject.as_deref().filter(|s| !s.is_empty())?;
        let topics = match self
            .text
            .find(f.text.as_str())
            .filter(|_| !f.text.is_empty())
        {
            Some(p) => {
                let cl = clauses(self.text, self.words);
                let c = cl.iter().find(|c| c.start <= p && p < c.end);
                match c.and_then(|c| self.text.get(c.start..c.end)) {
                    Some(ct) => self.topics.topics_in(ct),
                    None => self.topics.topics_in(self.text),
                }
            }
            None => self.topics.topics_in(self.text),
        };
        let mut c = self.claim(subject, ClaimKind::Figure, f.period.clone(), topics);
        c.figure = Some(f.clone());
        Some(c)
    }

    /// (c) A person followed by a speech word (nothing but a few characters,
    /// no clause break and no other person between), or by a colon and an
    /// opening quotation mark. About the platform the sentence names (the
    /// first after the speech word, else the first); none named, no claim.
    fn opinion_claims(&self) -> Vec<Claim> {
        const MAX_GAP_CHARS: usize = 20;
        let speech = spans(&self.words.speech, self.text);
        let mut out = Vec::new();
        let mut speakers: Vec<(&str, usize)> = Vec::new();
        for (pi, p) in self.local.iter().enumerate() {
            if p.m.kind != EntityKind::Person {
                continue;
            }
            let next_person = self.local[pi + 1..]
                .iter()
                .find(|l| l.m.kind == EntityKind::Person)
                .map(|l| l.start)
                .unwrap_or(self.text.len());
            let said = speech.iter().find(|&&(vs, _)| {
                vs >= p.end
                    && vs < next_person
                    && self.text.get(p.end..vs).is_some_and(|gap| {
                        gap.chars().count() <= MAX_GAP_CHARS
                            && !gap.contains([',', ';', '。', '“', '"', '!', '?'])
                    })
            });
            let quoted = self.text.get(p.end..).is_some_and(|rest| {
                let rest = rest.trim_start();
                (rest.starts_with(':') || rest.starts_with('：'))
                    && rest
                        .get(rest.chars().next().map(char::len_utf8).unwrap_or(1)..)
                        .is_some_and(|r| r.trim_start().starts_with(['“', '"', '「']))
            });
            let at = match (said, quoted) {
                (Some(&(_, ve)), _) => ve,
                (None, true) => p.end,
                (None, false) => continue,
            };
            if !speakers.iter().any(|(n, _)| *n == p.m.name) {
                speakers.push((&p.m.name, at));
            }
        }
        for (speaker, at) in speakers {
            let entity = self
                .subjects()
                .find(|l| l.start >= at)
                .or_else(|| self.subjects().next())
                .map(|l| l.m.name.as_str());
            let Some(entity) = entity else { continue };
            let period = self.times.first().map(|t| t.period.clone());
            let mut c = self.claim(
                entity,
                ClaimKind::Opinion,
                period,
                self.topics.topics_in(self.text),
            );
            // The speaker first among the actors.
            c.actors.retain(|a| a != speaker);
            c.actors.insert(0, speaker.to_string());
            out.push(c);
        }
        out
    }

    /// (b) Strategy statements, one per run of clauses sharing a period.
    fn strategy_claims(&self) -> Vec<Claim> {
        let verbs = spans(&self.words.strategy, self.text);
        if verbs.is_empty() {
            return Vec::new();
        }
        let named_any = self.subjects().next().is_some();
        let cl = clauses(self.text, self.words);
        let mut period: Option<Period> = None;
        let mut entity: Option<&str> = None;
        let mut verb_seen = false;
        let mut after_shift = false;
        // (period, entity, topics)
        let mut drafts: Vec<(Option<Period>, String, Vec<String>)> = Vec::new();
        for (ci, c) in cl.iter().enumerate() {
            let Some(ct) = self.text.get(c.start..c.end) else {
                continue;
            };
            let cut_by_shift = std::mem::replace(&mut after_shift, c.before_shift);
            let own_time = self.period_in(c.start, c.end);
            if own_time.is_some() {
                period = own_time.clone();
            }
            let verb = verbs
                .iter()
                .find(|&&(vs, _)| vs >= c.start && vs < c.end)
                .map(|&(vs, _)| vs);
            // The entity: the first platform named in this clause (the
            // subject comes first), else the one of an earlier clause.
            let here = self
                .subjects()
                .find(|l| l.start >= c.start && l.end <= c.end);
            if let Some(l) = here {
                entity = Some(&l.m.name);
            }
            // A strategy word counts for the clauses after it only when its
            // doer is named; the old side of a shift is a statement itself.
            let clause_verb = verb.is_some() || c.before_shift;
            let enabled = verb_seen || clause_verb;
            verb_seen |= (verb.is_some() && entity.is_some()) || c.before_shift;
            let topics = self.topics.topics_in(ct);
            if topics.is_empty() || !enabled {
                continue;
            }
            // Still none: one named later in the sentence, else the main
            // entity where the sentence names no platform and this very
            // clause says 平台 before its strategy word.
            let self_here = match verb {
                Some(v) => spans(&self.words.selfref, ct)
                    .iter()
                    .any(|&(s, _)| c.start + s < v),
                None => false,
            };
            let who = entity
                .or_else(|| {
                    self.subjects()
                        .find(|l| l.start >= c.end)
                        .map(|l| l.m.name.as_str())
                })
                .or(if !named_any && self_here {
                    self.main_entity
                } else {
                    None
                });
            let Some(who) = who else { continue };
            // A clause without a time of its own continues the previous
            // statement of the same entity and period.
            // (Never across a shift word: its two sides are two statements.)
            let extend = own_time.is_none() && ci > 0 && !cut_by_shift;
            // The old side of a shift (`2024年,抖音从达人带货|转向商家店播`)
            // held before the time the sentence gives, which dates the move
            // and its new side: it gets no period of its own here (the
            // timeline's shift takes the first period it knows for it).
            let period = if c.before_shift { None } else { period.clone() };
            match drafts.last_mut() {
                Some((p, e, ts)) if extend && *p == period && e == who => {
                    for t in topics {
                        if !ts.contains(&t) {
                            ts.push(t);
                        }
                    }
                }
                _ => drafts.push((period, who.to_string(), topics)),
            }
        }
        drafts
            .into_iter()
            .map(|(p, e, ts)| self.claim(&e, ClaimKind::Strategy, p, ts))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOPICS: &str = "买手直播\t买手直播|买手时代|买手\n商家店播\t商家店播|店播\n主理人直播\t主理人直播|主理人\n生活方式电商\t生活方式电商\nAI\t人工智能|AI\n";
    const WORDS: &str = "strategy\t主推|切到|进阶|重心|提出|转而|不再只提\nspeech\t表示|认为\nself\t平台\nshift_from\t从|不再只提\nshift_to\t切到|进阶到|转而\n";

    #[test]
    fn longest_topic_wins() {
        let t = Topics::parse(TOPICS);
        assert_eq!(t.topics_in("主推买手直播"), vec!["买手直播"]);
        assert_eq!(
            t.topics_in("主理人直播和店播"),
            vec!["主理人直播", "商家店播"]
        );
        assert_eq!(t.topics_in("MAIN 和 AI"), vec!["AI"]);
        assert_eq!(t.resolve("店播"), Some("商家店播"));
        assert_eq!(t.resolve("ai"), Some("AI"));
        assert_eq!(t.resolve("不存在"), None);
    }

    #[test]
    fn shifts_in_words() {
        let t = Topics::parse(TOPICS);
        let w = ClaimWords::parse(WORDS);
        let s = text_shifts_with(
            "比如2023年,小红书主推的是买手直播,2024年重心又切到商家店播、主理人直播。",
            &t,
            &w,
        );
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].0, vec!["买手直播"]);
        assert_eq!(s[0].1, vec!["商家店播", "主理人直播"]);
        let s = text_shifts_with(
            "小红书电商也从无到有,从“买手时代”进阶到“生活方式电商”时代。",
            &t,
            &w,
        );
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].0.as_slice(), s[0].1.as_slice()),
            (&["买手直播"][..], &["生活方式电商"][..])
        );
        let s = text_shifts_with("小红书不再只提买手,转而扶持店播。", &t, &w);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].1, vec!["商家店播"]);
        assert!(text_shifts_with("从开播到成交都有激励。", &t, &w).is_empty());
    }

    #[test]
    fn clauses_cut_before_shift_words() {
        let w = ClaimWords::parse(WORDS);
        let s = "从“买手时代”进阶到“生活方式电商”";
        let c = clauses(s, &w);
        assert_eq!(c.len(), 2);
        assert!(c[0].before_shift);
        assert_eq!(&s[c[1].start..c[1].end], "进阶到“生活方式电商”");
    }
}
