//! Person detection: people are found from the text, never from a list.
//!
//! A *candidate* is a stretch of tokens that looks like a name:
//! - a token jieba tags `nr`/`nrfg`/`nrt` (a trailing function character that
//!   jieba's HMM glued on, as in `方昭是`, is trimmed),
//! - a surname token followed by a 1–2 character given name that jieba split
//!   off (`姜` `思达`; a surname jieba tagged otherwise, `许/m` `仰天`, only
//!   right after a role word),
//! - a three-character name whose last character jieba cut off as a token of
//!   its own (`刘强` `东`, `王` `莆` `中`): the third character must be able to
//!   end a name (no function, place, kinship or title character, no verb
//!   except before a list separator: `靳长` `喜` `、`) and what follows it must
//!   not continue a word (a verb, adverb, preposition, particle, punctuation).
//!   `王兴` `表示` and `王兴` `说` stay two characters. Where the third
//!   character is glued into a dictionary word (`郑子` `健在`) the name is read
//!   whole after a role word and not at all without one,
//! - a capitalized Latin given name (`Lili`), with one or two capitalized
//!   surnames (`Alicia Yap`),
//! - a transliterated name in parts joined by a middle dot (`马克·扎克伯格`),
//! - any other 2–3 character Han noun (a nickname such as `暮雨`; not one
//!   naming an institution or place: `办公室`, `唐山站`).
//!
//! Forms of address are never names: a surname with 总/某/氏 (`王总`, `李某`)
//! or with a title (`孔书记`, `张教授`).
//!
//! A candidate becomes a person only when its context confirms it
//! (precision over recall: a wrong person is worse than a missed one):
//! - **R** a role word right before it (`首席运营官柯南`, `服务商施海华`),
//! - **S** a speech verb after it in the same clause, possibly after adverbs
//!   or a `向…`/`在…上` phrase (`章闻曾向雷峰网解释`),
//! - **A** an honorific right after it (`王芳女士`),
//! - **C** coordination with a confirmed person (`主理人 Lili 和安娜`,
//!   `董洁和章小蕙`),
//! - **P** it opens the sentence and a later clause starts with a pronoun and
//!   a speech verb (`方昭是…的博主之一,他告诉雷峰网`),
//! - **Rp** a three-character surname-initial `nr` name that occurs at least
//!   twice in the document.
//!
//! No context confirms a candidate followed right away by an organization
//! suffix or a role word (`红杉` `资本`, `花旗` `分析师`: the employer, not the
//! speaker), and a speech verb is no evidence for a place after 在/于/到
//! (`在莫斯科宣布`).
//!
//! How much context is needed depends on how name-like the candidate is:
//! an `nr` token jieba does not know (HMM-guessed: most real names in news)
//! needs one of R, S, A, C, P; an `nr` word of jieba's dictionary of two
//! characters (many are common words: `明白`, `阳光`, `明星`) needs R and S,
//! C, or a speech verb right after it at the start of a clause; a nickname
//! (not tagged `nr`) needs R and S; a Latin name needs R or C.
//!
//! Once a name is confirmed anywhere in a document, its other occurrences on
//! token boundaries count too (document-level propagation, done by the
//! caller in [`super::entities`]).
//!
//! The words used live in `data/person_context.tsv` and `data/surnames.txt`.

use crate::data;
use crate::segment::{is_han, Token};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashSet as HashSet;
use std::sync::LazyLock;

/// Characters jieba's HMM sometimes glues to the end of a name (`方昭是`,
/// `记者戴浩摄`: a photo credit).
const TRIM_TAIL: &[char] = &[
    '是', '说', '在', '和', '也', '就', '都', '称', '曾', '则', '把', '被', '对', '向', '跟', '等',
    '的', '了', '与', '摄', '及',
];

/// Characters that never end a three-character name read across tokens
/// (`刘强` `东` is 刘强东, but `王兴` `家` is not 王兴家): place and time
/// words, kinship and title characters.
const THIRD_BLOCK: &[char] = &[
    '上', '下', '里', '内', '外', '前', '后', '旁', '间', '边', '时', '处', '家', '们', '氏', '某',
    '总', '方', '部', '侧', '以', '之', '所', '其', '兼', '及', '或', '妻', '夫', '父', '母', '兄',
    '弟', '姐', '妹', '哥', '嫂', '叔', '姨', '舅', '爷', '摄', '等',
];

/// Last characters of nouns that name an institution or a place, never a
/// nickname (`办公室`, `公署`, `唐山站`).
const INSTITUTION_END: &[char] = &[
    '室', '署', '处', '厅', '局', '府', '院', '部', '委', '会', '团', '组', '办', '社', '所', '站',
    '队', '馆', '司', '厂', '店', '网', '台', '报', '刊', '省', '市', '县', '区', '镇', '村', '国',
];

/// Last characters of the role words that are titles (书记, 总理, 教授,
/// 主任, 经理, 老师 …).
const TITLE_END: &[char] = &[
    '长', '记', '理', '任', '授', '师', '总', '官', '监', '席', '裁', '董', '事', '使', '相', '统',
    '士',
];

/// First characters of dictionary words `c f` (f a function word or speech
/// verb) that often follow a name and are no part of it: `听说`, `据说`,
/// `早在`, `旨在`, `但是`, `只是`, `存在` …
const DICT_GLUE_BLOCK: &[char] = &[
    '听', '据', '但', '可', '要', '好', '旨', '意', '虽', '再', '或', '若', '像', '倒', '凡', '硬',
    '真', '而', '只', '便', '难', '重', '志', '贵', '内', '外', '存', '于', '先', '早', '一', '不',
    '自', '当', '同', '共', '处', '身', '远', '近', '人', '心', '业', '亲', '如', '算', '特', '尤',
];

/// Prepositions of place: `在莫斯科宣布` is said *in* Moscow.
const PLACE_PREP: &[&str] = &["在", "于", "赴", "抵", "到", "从", "自", "来自"];

/// Second characters that make a surname + one character a form of address,
/// not a name (`王总`, `李某`, `张氏`).
const ADDRESS_CHARS: &[char] = &['总', '某', '氏'];

/// Tags jieba sometimes gives a single surname character (`许/m` `仰天`,
/// `张/q`); such a token starts a name only right after a role word.
const LOOSE_SURNAME_TAGS: &[&str] = &["m", "d", "q"];

/// Characters that never end a given name glued to a function word
/// (`王芳` `都在` is not `王芳都`).
const GLUE_BLOCK: &[char] = &[
    '都', '也', '还', '就', '又', '更', '曾', '则', '正', '将', '已', '才', '便', '再', '均', '亦',
    '仍', '却', '总', '只', '并', '不', '没', '未', '很', '最', '太', '刚', '常', '们', '现', '实',
    '所', '这', '那', '他', '她', '我', '你', '于', '在', '是', '的', '了', '和', '与', '对', '向',
];

/// Tags of tokens that never start a merged surname + given name.
const NOT_NAME_TAGS: &[&str] = &[
    "p", "c", "u", "uj", "ul", "uv", "uz", "ug", "ud", "d", "r", "m", "mq", "q", "f", "x", "w",
    "eng", "t",
];

/// The words of `data/person_context.tsv` and `data/surnames.txt`.
#[derive(Debug)]
pub struct PersonContext {
    pub speech: HashSet<String>,
    pub role: HashSet<String>,
    pub role_after: HashSet<String>,
    pub reject: HashSet<String>,
    pub adverb: HashSet<String>,
    pub conj: HashSet<String>,
    pub pronoun: HashSet<String>,
    pub no_surname: HashSet<char>,
    pub surname1: HashSet<char>,
    pub surname2: HashSet<String>,
    pub org_suffix: Vec<String>,
    pub org_suffix_latin: Vec<String>,
    /// Organization suffixes that name an organization after a dictionary
    /// noun too (`蚂蚁集团`); also in `org_suffix`.
    pub org_strong: HashSet<String>,
    pub org_generic: HashSet<String>,
    pub brand_intro: Vec<String>,
    pub not_brand: HashSet<String>,
    /// Speech verbs, role words, honorifics and org suffixes: a sentence
    /// holding none of them cannot hold a confirmed person or org pattern.
    triggers: Option<AhoCorasick>,
    problems: Vec<String>,
}

static CONTEXT: LazyLock<PersonContext> = LazyLock::new(|| {
    let mut problems = Vec::new();
    let ctx_text = data::text("person_context.tsv").unwrap_or_else(|e| {
        problems.push(format!("person_context.tsv: {e}"));
        data::BUILTIN
            .iter()
            .find(|(n, _)| *n == "person_context.tsv")
            .map(|(_, t)| t.to_string())
            .unwrap_or_default()
    });
    let sur_text = data::text("surnames.txt").unwrap_or_else(|e| {
        problems.push(format!("surnames.txt: {e}"));
        data::BUILTIN
            .iter()
            .find(|(n, _)| *n == "surnames.txt")
            .map(|(_, t)| t.to_string())
            .unwrap_or_default()
    });
    PersonContext::parse(&ctx_text, &sur_text, problems)
});

impl PersonContext {
    /// The process-wide context, built once from the data files.
    pub fn global() -> &'static PersonContext {
        &CONTEXT
    }

    /// Build from the text of `person_context.tsv` and `surnames.txt`.
    /// Malformed lines are skipped and reported in [`Self::problems`].
    pub fn parse(ctx_text: &str, sur_text: &str, mut problems: Vec<String>) -> PersonContext {
        let mut c = PersonContext {
            speech: HashSet::default(),
            role: HashSet::default(),
            role_after: HashSet::default(),
            reject: HashSet::default(),
            adverb: HashSet::default(),
            conj: HashSet::default(),
            pronoun: HashSet::default(),
            no_surname: HashSet::default(),
            surname1: HashSet::default(),
            surname2: HashSet::default(),
            org_suffix: Vec::new(),
            org_suffix_latin: Vec::new(),
            org_strong: HashSet::default(),
            org_generic: HashSet::default(),
            brand_intro: Vec::new(),
            not_brand: HashSet::default(),
            triggers: None,
            problems: Vec::new(),
        };
        for (n, line) in ctx_text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((class, words)) = line.split_once('\t') else {
                problems.push(format!(
                    "person_context.tsv line {}: expected class<TAB>words",
                    n + 1
                ));
                continue;
            };
            let words = words
                .split('|')
                .map(|w| crate::normalize::to_simplified(w.trim()).into_owned())
                .filter(|w| !w.is_empty());
            match class.trim() {
                "speech" => c.speech.extend(words),
                "role" | "role_before" => c.role.extend(words),
                "role_after" => c.role_after.extend(words),
                "reject" => c.reject.extend(words),
                "adverb" => c.adverb.extend(words),
                "conj" => c.conj.extend(words),
                "pronoun" => c.pronoun.extend(words),
                "no_surname" => c.no_surname.extend(words.filter_map(|w| single_char(&w))),
                "org_suffix" => c.org_suffix.extend(words),
                "org_suffix_strong" => {
                    for w in words {
                        if !c.org_suffix.contains(&w) {
                            c.org_suffix.push(w.clone());
                        }
                        c.org_strong.insert(w);
                    }
                }
                "org_suffix_latin" => c.org_suffix_latin.extend(words),
                "org_generic" => c.org_generic.extend(words),
                "brand_intro" => c.brand_intro.extend(words),
                "not_brand" => c.not_brand.extend(words),
                other => problems.push(format!(
                    "person_context.tsv line {}: unknown class `{other}`",
                    n + 1
                )),
            }
        }
        for line in data::lines(sur_text) {
            let s = crate::normalize::to_simplified(line);
            match s.chars().count() {
                1 => c.surname1.extend(s.chars()),
                2 => {
                    c.surname2.insert(s.into_owned());
                }
                _ => problems.push(format!("surnames.txt: `{line}` is not a surname")),
            }
        }
        let mut trig: Vec<&str> = Vec::new();
        trig.extend(c.speech.iter().map(String::as_str));
        trig.extend(c.role.iter().map(String::as_str));
        trig.extend(c.role_after.iter().map(String::as_str));
        trig.extend(c.org_suffix.iter().map(String::as_str));
        trig.extend(c.org_suffix_latin.iter().map(String::as_str));
        trig.sort_unstable();
        trig.dedup();
        c.triggers = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            // Run over every sentence: the DFA is the fastest automaton.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&trig)
            .map_err(|e| problems.push(format!("person_context.tsv: trigger automaton: {e}")))
            .ok();
        c.problems = problems;
        c
    }

    /// Problems met while reading the data files (skipped lines).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Does `sentence` contain a word that can confirm a person or an
    /// organization pattern? One Aho-Corasick pass, no allocation.
    pub fn has_trigger(&self, sentence: &str) -> bool {
        self.triggers
            .as_ref()
            .is_some_and(|ac| ac.is_match(sentence))
    }

    fn is_surname_start(&self, name: &str) -> bool {
        let mut it = name.chars();
        let Some(c1) = it.next() else { return false };
        if self.surname1.contains(&c1) {
            return true;
        }
        let two: String = name.chars().take(2).collect();
        two.chars().count() == 2 && self.surname2.contains(&two)
    }
}

/// The first character of `s` (a space when empty).
fn c1(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// How name-like a candidate is; decides how much context it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `nr` token unknown to jieba's dictionary, a surname-initial `nr` word of
    /// three or more characters, or a merged surname + given name.
    Name,
    /// `nr` word of jieba's dictionary of two characters (often a common word).
    DictName,
    /// A capitalized Latin given name.
    Latin,
    /// Any other short Han noun.
    Nickname,
}

/// A candidate: byte span in the normalized text, token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    /// First token and one past the last token of the candidate.
    pub tok_start: usize,
    pub tok_end: usize,
    pub form: Form,
    /// The candidate ends inside its last token and the rest of that token is
    /// a speech verb (`梁书` `恒说`).
    pub tail_speech: bool,
}

/// Why a candidate was confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Role,
    Speech,
    Honorific,
    Coordination,
    PronounSubject,
    Repeated,
}

fn tag_of(t: &Token) -> &str {
    match &t.tag {
        Some(p) => p.as_str(),
        None => "",
    }
}

fn is_nr(t: &Token) -> bool {
    matches!(tag_of(t), "nr" | "nrfg" | "nrt")
}

fn is_space_tok(text: &str, t: &Token) -> bool {
    t.text(text).chars().all(char::is_whitespace)
}

/// A token of punctuation (no letter, digit or Han character).
fn is_punct_tok(text: &str, t: &Token) -> bool {
    let s = t.text(text);
    !s.is_empty() && !s.chars().any(|c| c.is_alphanumeric() || c.is_whitespace())
}

fn all_han(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_han)
}

fn han_len(s: &str) -> usize {
    s.chars().count()
}

/// `Lili`, `Anna`: one capital then 1–15 lowercase ASCII letters.
pub fn is_latin_given_name(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2
        && b.len() <= 16
        && b[0].is_ascii_uppercase()
        && b[1..].iter().all(|c| c.is_ascii_lowercase())
}

/// A Latin surname after a given name: `Yap`, `McDonald` (a capital, then
/// letters with at least one lowercase; all-capitals words such as `CEO`
/// are not names).
fn is_latin_surname(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2
        && b.len() <= 20
        && b[0].is_ascii_uppercase()
        && b[1..].iter().all(|c| c.is_ascii_alphabetic())
        && b[1..].iter().any(|c| c.is_ascii_lowercase())
}

/// `Alicia Yap`: a Latin given name and one or two surnames, one space apart.
pub fn is_latin_full_name(s: &str) -> bool {
    let mut words = s.split(' ');
    if !words.next().is_some_and(is_latin_given_name) {
        return false;
    }
    let mut n = 0;
    for w in words {
        if !is_latin_surname(w) {
            return false;
        }
        n += 1;
    }
    (1..=2).contains(&n)
}

/// Index of the previous non-space token before `i`.
fn prev_tok(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    (0..i).rev().find(|&k| !is_space_tok(text, &toks[k]))
}

/// Index of the next non-space token at or after `i`.
fn next_tok(text: &str, toks: &[Token], i: usize) -> Option<usize> {
    (i..toks.len()).find(|&k| !is_space_tok(text, &toks[k]))
}

/// The people of one sentence and the candidates left to later passes.
pub struct Detector<'a> {
    pub ctx: &'a PersonContext,
    /// Names that are gazetteer aliases (platforms, organizations): never people.
    pub is_alias: &'a dyn Fn(&str) -> bool,
    /// Does jieba's dictionary know this word?
    pub in_dict: &'a dyn Fn(&str) -> bool,
}

impl Detector<'_> {
    /// Is `name` possibly a person's name (not a role, reject word, alias)?
    pub fn valid_name(&self, name: &str) -> bool {
        if name.is_empty()
            || self.ctx.reject.contains(name)
            || self.ctx.role.contains(name)
            || self.ctx.pronoun.contains(name)
            || self.ctx.speech.contains(name)
            || (self.is_alias)(name)
        {
            return false;
        }
        if all_han(name) {
            let n = han_len(name);
            (2..=4).contains(&n)
                && !name.ends_with('们')
                && !name.contains('某')
                && (n != 2 || !name.ends_with(ADDRESS_CHARS))
                && !self.surname_and_title(name)
        } else {
            is_latin_given_name(name) || is_latin_full_name(name)
        }
    }

    /// A surname followed by a title is a form of address (`孔书记`,
    /// `周总理`, `张教授`), not a name; a role word that is also a given name
    /// (`沈达人`) is not a title.
    fn surname_and_title(&self, name: &str) -> bool {
        if !name.ends_with(TITLE_END) {
            return false;
        }
        let mut it = name.char_indices();
        let Some((_, c1)) = it.next() else {
            return false;
        };
        let rest1 = it.next().map_or("", |(b, _)| &name[b..]);
        if self.ctx.surname1.contains(&c1) && self.ctx.role.contains(rest1) {
            return true;
        }
        let rest2 = it.next().map_or("", |(b, _)| &name[b..]);
        self.ctx
            .surname2
            .contains(&name[..name.len() - rest2.len()])
            && self.ctx.role.contains(rest2)
    }

    /// The end of a three-character name whose last character jieba cut off
    /// as a token of its own (`刘强` `东`, `王` `莆` `中`): the byte end of
    /// token `k` when it is one Han character right after `prev_end` that can
    /// end a name, and what follows it cannot continue a word with it (a
    /// verb, adverb, preposition, particle, punctuation, the end).
    fn third_char(&self, text: &str, toks: &[Token], k: usize, prev_end: usize) -> Option<usize> {
        let z = toks.get(k)?;
        if z.start != prev_end {
            return None;
        }
        let c = single_char(z.text(text))?;
        let tag = tag_of(z);
        if !is_han(c)
            || TRIM_TAIL.contains(&c)
            || GLUE_BLOCK.contains(&c)
            || THIRD_BLOCK.contains(&c)
            || self.ctx.speech.contains(z.text(text))
            || self.ctx.role_after.contains(z.text(text))
            || (tag != "f" && NOT_NAME_TAGS.contains(&tag))
            || matches!(tag, "e" | "y" | "o" | "z" | "zg" | "uj")
        {
            return None;
        }
        let next = next_tok(text, toks, k + 1);
        // Before a list separator (`、`, `,`, 和, 等) a lone verb or adverb
        // character is the end of the name (`靳长` `喜` `、`); elsewhere it is
        // a word of its own (`王兴` `笑` `称`).
        let in_list = next
            .is_some_and(|n| matches!(toks[n].text(text), "、" | "," | "和" | "与" | "及" | "等"));
        if (tag.starts_with('v') || tag.starts_with('d')) && !in_list {
            return None;
        }
        let ok_after = match next {
            None => true,
            Some(n) => {
                let t = &toks[n];
                let w = t.text(text);
                let tag = tag_of(t);
                is_punct_tok(text, t)
                    || self.ctx.speech.contains(w)
                    || self.ctx.adverb.contains(w)
                    || self.ctx.role_after.contains(w)
                    || self.ctx.conj.contains(w)
                    || ["v", "d", "p", "c", "u", "t", "r", "m"]
                        .iter()
                        .any(|p| tag.starts_with(p))
            }
        };
        ok_after.then_some(z.end)
    }

    /// For a two-character surname-initial `nr` token at `i` followed by a
    /// two-character token `c f` whose second character is a function word or
    /// speech verb (`恒在`, `恒说`): `(c, f, in_dict)`. A dictionary word there
    /// (`郑子` `健在`) is ambiguous unless it is one that often follows a name
    /// (`听说`, `早在`: see [`DICT_GLUE_BLOCK`]), which gives `None`.
    fn glued_given(&self, text: &str, toks: &[Token], i: usize) -> Option<(char, char, bool)> {
        let s = toks.get(i)?.text(text);
        if han_len(s) != 2 || !self.ctx.is_surname_start(s) {
            return None;
        }
        let n = toks.get(i + 1)?;
        let w = n.text(text);
        let mut cs = w.chars();
        let (c, f) = (cs.next()?, cs.next()?);
        if cs.next().is_some() || !is_han(c) || GLUE_BLOCK.contains(&c) || !TRIM_TAIL.contains(&f) {
            return None;
        }
        let dict = (self.in_dict)(w);
        if dict && DICT_GLUE_BLOCK.contains(&c) {
            return None;
        }
        Some((c, f, dict))
    }

    /// Extend a two-character surname + given-name candidate by a third
    /// character jieba cut off (`王` `莆` `中`).
    fn extend_third(&self, text: &str, toks: &[Token], c: &mut Candidate) {
        if let Some(e) = self.third_char(text, toks, c.tok_end, c.end) {
            if text.get(c.start..e).is_some_and(|n| self.valid_name(n)) {
                c.end = e;
                c.tok_end += 1;
            }
        }
    }

    /// A role word right before token `i` (see [`Self::role_before`]).
    fn role_before_tok(&self, text: &str, toks: &[Token], i: usize) -> bool {
        let Some(p) = prev_tok(text, toks, i) else {
            return false;
        };
        if self.ctx.role.contains(toks[p].text(text)) {
            return true;
        }
        if let Some(pp) = prev_tok(text, toks, p) {
            if let Some(two) = text.get(toks[pp].start..toks[p].end) {
                return self.ctx.role.contains(two);
            }
        }
        false
    }

    /// A transliterated name whose parts are joined by a middle dot
    /// (`马克` `·` `扎克` `伯格`, `沃纳·福诺斯`) starting at token `i`: Han
    /// parts of up to six characters each, one of them tagged as a name.
    fn dotted_at(&self, text: &str, toks: &[Token], i: usize) -> Option<Candidate> {
        // The first token of a part may be mis-tagged (`罗宾/ns`); the rest
        // of a part are the pieces of a split name (`扎克/nrt` `伯格/nr`).
        let name_part = |t: &Token, first: bool| {
            let w = t.text(text);
            all_han(w)
                && (is_nr(t) || (first && matches!(tag_of(t), "ns" | "nz" | "x" | "ng" | "j")))
                && !self.ctx.speech.contains(w)
                && !self.ctx.role.contains(w)
                && !self.ctx.adverb.contains(w)
                && !self.ctx.reject.contains(w)
                && !(han_len(w) == 1 && (TRIM_TAIL.contains(&c1(w)) || GLUE_BLOCK.contains(&c1(w))))
        };
        // One part: up to three adjacent name tokens from `k`, at most six
        // characters; `(end token, end byte, any nr)`.
        let part = |k: usize, from: usize| -> Option<(usize, usize, bool)> {
            let (mut j, mut end, mut chars, mut nr) = (k, from, 0, false);
            while let Some(t) = toks.get(j) {
                if t.start != end
                    || j - k >= 3
                    || !name_part(t, j == k)
                    || chars + han_len(t.text(text)) > 6
                {
                    break;
                }
                chars += han_len(t.text(text));
                nr |= is_nr(t);
                end = t.end;
                j += 1;
            }
            (chars >= 2 || (chars == 1 && j > k && is_nr(&toks[k]))).then_some((j, end, nr))
        };
        let is_dot =
            |t: &Token, at: usize| t.start == at && matches!(t.text(text), "·" | "•" | "・" | "‧");
        let (mut j, mut end, mut nr) = part(i, toks.get(i)?.start)?;
        let mut parts = 1;
        while parts < 4 {
            let Some(d) = toks.get(j).filter(|d| is_dot(d, end)) else {
                break;
            };
            let Some((j2, e2, nr2)) = part(j + 1, d.end) else {
                break;
            };
            j = j2;
            end = e2;
            nr |= nr2;
            parts += 1;
        }
        let name = text.get(toks.get(i)?.start..end)?;
        (parts >= 2 && nr && !(self.is_alias)(name)).then_some(Candidate {
            start: toks[i].start,
            end,
            tok_start: i,
            tok_end: j,
            form: Form::Name,
            tail_speech: false,
        })
    }

    /// The candidate starting at token `i`, if any.
    pub fn candidate_at(&self, text: &str, toks: &[Token], i: usize) -> Option<Candidate> {
        let t = toks.get(i)?;
        let s = t.text(text);
        if let Some(c) = self.dotted_at(text, toks, i) {
            return Some(c);
        }
        let next = next_tok(text, toks, i + 1);
        // Surname token + given-name token(s) jieba split apart (`姜` `思达`,
        // `王` `莆` `中`). A surname jieba tagged as something else (`许/m`
        // `仰天`) counts only right after a role word.
        let sur1 = single_char(s)
            .is_some_and(|c| self.ctx.surname1.contains(&c) && !self.ctx.no_surname.contains(&c));
        let sur = sur1 || self.ctx.surname2.contains(s);
        let loose = NOT_NAME_TAGS.contains(&tag_of(t));
        let sur_tag_ok = !loose
            || (sur1
                && LOOSE_SURNAME_TAGS.contains(&tag_of(t))
                && self.role_before_tok(text, toks, i));
        if sur && sur_tag_ok {
            if let Some(j) = next.filter(|&j| j == i + 1) {
                let g = toks[j].text(text);
                let gl = han_len(g);
                if all_han(g)
                    && (1..=2).contains(&gl)
                    && (!loose || !g.starts_with(GLUE_BLOCK))
                    && !self.ctx.role_after.contains(g)
                    && !NOT_NAME_TAGS.contains(&tag_of(&toks[j]))
                    && !tag_of(&toks[j]).starts_with('v')
                    && (is_nr(t) || is_nr(&toks[j]) || tag_of(t).is_empty())
                {
                    let name = text.get(t.start..toks[j].end).unwrap_or("");
                    if self.valid_name(name) {
                        let mut c = Candidate {
                            start: t.start,
                            end: toks[j].end,
                            tok_start: i,
                            tok_end: j + 1,
                            form: Form::Name,
                            tail_speech: false,
                        };
                        if gl == 1 && han_len(s) == 1 {
                            self.extend_third(text, toks, &mut c);
                        }
                        return Some(c);
                    }
                }
            }
        }
        if is_nr(t) && all_han(s) {
            let mut end = t.end;
            let mut name = s;
            let mut tok_end = i + 1;
            let mut tail_speech = false;
            let mut third = None;
            let glued = self.glued_given(text, toks, i);
            if glued.is_some_and(|(_, _, dict)| dict) && !self.role_before_tok(text, toks, i) {
                // `郑子` `健在`: 郑子 or 郑子健? Without a role word before it,
                // neither reading is safe.
                return None;
            }
            if let Some((c, f, _)) = glued {
                // `梁书` `恒在`: the HMM cut the last character of the given name
                // off and glued it to the next word.
                end = t.end + c.len_utf8();
                name = text.get(t.start..end).unwrap_or("");
                tok_end = i + 2;
                let mut b = [0u8; 4];
                tail_speech = self.ctx.speech.contains(f.encode_utf8(&mut b) as &str);
            } else if han_len(s) >= 3 {
                if let Some(last) = s.chars().last().filter(|c| TRIM_TAIL.contains(c)) {
                    end -= last.len_utf8();
                    name = text.get(t.start..end).unwrap_or("");
                }
            } else if han_len(s) == 2 && self.ctx.is_surname_start(s) && self.valid_name(s) {
                // `刘强` `东`: the last character of the given name on its own.
                third = self
                    .third_char(text, toks, i + 1, t.end)
                    .filter(|&e| text.get(t.start..e).is_some_and(|n| self.valid_name(n)));
            }
            if let Some(e) = third {
                end = e;
                name = text.get(t.start..end).unwrap_or("");
                tok_end = i + 2;
            }
            if !self.valid_name(name) {
                return None;
            }
            let n = han_len(name);
            // A name read across tokens is as name-like as its first token.
            let form = if third.is_some() && (self.in_dict)(s) {
                Form::DictName
            } else if third.is_some() {
                Form::Name
            } else if name.len() == s.len() && (self.in_dict)(name) {
                if n >= 3 && self.ctx.is_surname_start(name) {
                    Form::Name
                } else {
                    Form::DictName
                }
            } else {
                Form::Name
            };
            return Some(Candidate {
                start: t.start,
                end,
                tok_start: i,
                tok_end,
                form,
                tail_speech,
            });
        }
        if is_latin_given_name(s) && !(self.is_alias)(s) {
            // `Alicia Yap`: one or two capitalized surnames, one space apart.
            let (mut end, mut tok_end) = (t.end, i + 1);
            for _ in 0..2 {
                let (Some(sp), Some(w)) = (toks.get(tok_end), toks.get(tok_end + 1)) else {
                    break;
                };
                let ws = w.text(text);
                if sp.start != end
                    || sp.text(text) != " "
                    || !is_latin_surname(ws)
                    || (self.is_alias)(ws)
                    || self.ctx.org_suffix_latin.iter().any(|x| x == ws)
                    || self.ctx.not_brand.contains(ws)
                    || self.ctx.role.contains(ws)
                {
                    break;
                }
                end = w.end;
                tok_end += 2;
            }
            return Some(Candidate {
                start: t.start,
                end,
                tok_start: i,
                tok_end,
                form: Form::Latin,
                tail_speech: false,
            });
        }
        let tag = tag_of(t);
        if all_han(s)
            && (2..=3).contains(&han_len(s))
            && matches!(tag, "n" | "nz" | "ng" | "x" | "j" | "nrt")
            && !s.starts_with(GLUE_BLOCK)
            && !s.ends_with(INSTITUTION_END)
            && self.valid_name(s)
        {
            return Some(Candidate {
                start: t.start,
                end: t.end,
                tok_start: i,
                tok_end: i + 1,
                form: Form::Nickname,
                tail_speech: false,
            });
        }
        None
    }

    /// R: a role word right before the candidate (one token, or two tokens
    /// read together).
    pub fn role_before(&self, text: &str, toks: &[Token], c: &Candidate) -> bool {
        self.role_before_tok(text, toks, c.tok_start)
    }

    /// A localizer (上, 中, 里, 内 … tagged `f`) right after the candidate.
    fn localizer_after(&self, text: &str, toks: &[Token], c: &Candidate) -> bool {
        next_tok(text, toks, c.tok_end).is_some_and(|n| {
            tag_of(&toks[n]) == "f"
                || matches!(
                    toks[n].text(text),
                    "上" | "中" | "里" | "内" | "期间" | "现场"
                )
        })
    }

    /// A: an honorific right after the candidate.
    pub fn honorific_after(&self, text: &str, toks: &[Token], c: &Candidate) -> bool {
        next_tok(text, toks, c.tok_end)
            .is_some_and(|n| self.ctx.role_after.contains(toks[n].text(text)))
    }

    /// S: a speech verb after token `from` in the same clause, with only
    /// adverbs, prepositions and nouns between. `immediate` allows adverbs only.
    pub fn speech_after(&self, text: &str, toks: &[Token], from: usize, immediate: bool) -> bool {
        let mut seen = 0;
        for t in toks.iter().skip(from) {
            if is_space_tok(text, t) {
                continue;
            }
            let s = t.text(text);
            if self.ctx.speech.contains(s) {
                return true;
            }
            if seen >= 10 || is_punct_tok(text, t) || self.ctx.pronoun.contains(s) || is_nr(t) {
                return false;
            }
            let tag = tag_of(t);
            let adverb = self.ctx.adverb.contains(s) || tag == "d";
            if immediate || tag.is_empty() {
                if !adverb {
                    return false;
                }
            } else if tag.starts_with('v') || tag == "c" || tag.starts_with('u') {
                return false;
            }
            seen += 1;
        }
        false
    }

    /// Is the candidate at the start of a clause (sentence start, after
    /// punctuation or a closing quote)?
    fn clause_start(&self, text: &str, toks: &[Token], c: &Candidate) -> bool {
        match prev_tok(text, toks, c.tok_start) {
            None => true,
            Some(p) => is_punct_tok(text, &toks[p]),
        }
    }

    /// P: the candidate opens the sentence and a later clause starts with a
    /// pronoun followed by a speech verb.
    fn pronoun_subject(&self, text: &str, toks: &[Token], c: &Candidate) -> bool {
        if !toks[..c.tok_start]
            .iter()
            .all(|t| is_space_tok(text, t) || is_punct_tok(text, t))
        {
            return false;
        }
        for k in c.tok_end..toks.len() {
            if is_nr(&toks[k]) {
                return false;
            }
            if self.ctx.pronoun.contains(toks[k].text(text))
                && prev_tok(text, toks, k).is_some_and(|p| is_punct_tok(text, &toks[p]))
            {
                return self.speech_after(text, toks, k + 1, false);
            }
        }
        false
    }

    /// The word right after the candidate says it is an employer, not a
    /// person: an organization suffix (`红杉` `资本`) or a role word
    /// (`花旗` `分析师`; honorifics such as 教授 aside). A three-character
    /// name is kept (`宗庆后董事长`).
    fn employer_after(&self, text: &str, toks: &[Token], c: &Candidate) -> bool {
        // Only a word right after the name counts (`张泽对` `记者说`: the
        // name ends inside its token, 对 comes first).
        let Some(n) = toks.get(c.tok_end).filter(|n| n.start == c.end) else {
            return false;
        };
        let w = n.text(text);
        if self.ctx.org_suffix.iter().any(|x| x == w) {
            return true;
        }
        let name = text.get(c.start..c.end).unwrap_or("");
        self.ctx.role.contains(w)
            && !self.ctx.role_after.contains(w)
            && (c.form != Form::Name || !all_han(name) || han_len(name) < 3)
    }

    /// Confirm a candidate from the context of its own sentence.
    pub fn confirm(&self, text: &str, toks: &[Token], c: &Candidate) -> Option<Reason> {
        if self.employer_after(text, toks, c) {
            return None;
        }
        let r = self.role_before(text, toks, c);
        // `在莫斯科宣布`: a speech verb after a place is no evidence.
        let after_place_prep = prev_tok(text, toks, c.tok_start)
            .is_some_and(|p| PLACE_PREP.contains(&toks[p].text(text)));
        let s_any = || {
            !after_place_prep && (c.tail_speech || self.speech_after(text, toks, c.tok_end, false))
        };
        match c.form {
            Form::Name => {
                if r {
                    Some(Reason::Role)
                } else if self.honorific_after(text, toks, c) {
                    Some(Reason::Honorific)
                } else if s_any() {
                    Some(Reason::Speech)
                } else if self.pronoun_subject(text, toks, c) {
                    Some(Reason::PronounSubject)
                } else {
                    None
                }
            }
            Form::DictName => {
                let confirmed = (r && s_any())
                    || (self.clause_start(text, toks, c)
                        && self.speech_after(text, toks, c.tok_end, true));
                confirmed.then_some(Reason::Speech)
            }
            Form::Latin => r.then_some(Reason::Role),
            // A place word after the noun makes it a place, not a speaker:
            // `创作者大会上表示` is said *at* the 大会.
            Form::Nickname => {
                (r && !self.localizer_after(text, toks, c) && s_any()).then_some(Reason::Speech)
            }
        }
    }

    /// All candidates of a tagged sentence, left to right, not overlapping.
    pub fn candidates(&self, text: &str, toks: &[Token]) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if let Some(c) = self.candidate_at(text, toks, i) {
                i = c.tok_end.max(i + 1);
                out.push(c);
            } else {
                i += 1;
            }
        }
        out
    }

    /// The candidate right after a coordinator following token `after`
    /// (`董洁` `和` `章小蕙`), or right before a coordinator preceding token
    /// `before`; only name-like forms count.
    pub fn coordinated(
        &self,
        text: &str,
        toks: &[Token],
        cands: &[Candidate],
        c: &Candidate,
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        let name_like = |x: &Candidate| x.form != Form::Nickname;
        if let Some(k) = next_tok(text, toks, c.tok_end) {
            if self.ctx.conj.contains(toks[k].text(text)) {
                if let Some(n) = next_tok(text, toks, k + 1) {
                    if let Some(x) = cands.iter().find(|x| x.tok_start == n && name_like(x)) {
                        out.push(*x);
                    }
                }
            }
        }
        if let Some(k) = prev_tok(text, toks, c.tok_start) {
            if self.ctx.conj.contains(toks[k].text(text)) {
                if let Some(p) = prev_tok(text, toks, k) {
                    if let Some(x) = cands.iter().find(|x| x.tok_end == p + 1 && name_like(x)) {
                        out.push(*x);
                    }
                }
            }
        }
        out
    }
}

/// People confirmed in one tagged sentence: `(candidate, reason)`, plus role-led
/// coordination (`主理人 Lili 和安娜`: both get the role).
pub fn sentence_people(det: &Detector<'_>, text: &str, toks: &[Token]) -> Vec<(Candidate, Reason)> {
    let cands = det.candidates(text, toks);
    let mut out: Vec<(Candidate, Reason)> = Vec::new();
    for c in &cands {
        if let Some(r) = det.confirm(text, toks, c) {
            out.push((*c, r));
        }
    }
    // Coordination spreads from role-confirmed names along a chain.
    let mut k = 0;
    while k < out.len() {
        let (c, r) = out[k];
        if r == Reason::Role || r == Reason::Coordination {
            for x in det.coordinated(text, toks, &cands, &c) {
                if !out.iter().any(|(y, _)| y.start == x.start) {
                    out.push((x, Reason::Coordination));
                }
            }
        }
        k += 1;
    }
    out.sort_by_key(|(c, _)| c.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{cut_sentence, jieba};

    fn people(s: &str) -> Vec<String> {
        let toks = cut_sentence(jieba(), s, 0, true);
        let is_alias = |n: &str| {
            crate::extract::entities::Gazetteer::global()
                .resolve(n)
                .is_some()
        };
        let in_dict = |w: &str| jieba().has_word(w);
        let det = Detector {
            ctx: PersonContext::global(),
            is_alias: &is_alias,
            in_dict: &in_dict,
        };
        sentence_people(&det, s, &toks)
            .into_iter()
            .map(|(c, _)| s[c.start..c.end].to_string())
            .collect()
    }

    #[test]
    fn data_files_parse_cleanly() {
        let c = PersonContext::global();
        assert!(c.problems().is_empty(), "{:?}", c.problems());
        assert!(c.surname1.len() > 400, "{}", c.surname1.len());
        assert!(c.surname2.contains("欧阳"));
        assert!(c.speech.contains("表示") && c.role.contains("首席运营官"));
    }

    #[test]
    fn malformed_context_lines_are_reported_not_fatal() {
        let c = PersonContext::parse(
            "speech\t表示\nnonsense\nfoo\tbar\n",
            "王\n三个字\n",
            Vec::new(),
        );
        assert_eq!(c.problems().len(), 3, "{:?}", c.problems());
        assert!(c.speech.contains("表示"));
        assert!(c.surname1.contains(&'王'));
    }

    #[test]
    fn needs_a_trigger_word() {
        let c = PersonContext::global();
        assert!(c.has_trigger("他告诉记者"));
        assert!(c.has_trigger("首席运营官柯南转至电商"));
        assert!(!c.has_trigger("小红书的出海产品没有太多水花"));
    }

    #[test]
    fn a_noun_followed_by_a_place_word_is_not_a_speaker() {
        // Found on unseen text: 大会 became a person (role 创作者 before,
        // 表示 after).
        let names = people("快手电商负责人笑古在光合创作者大会上表示,公司会继续投入。");
        assert!(!names.iter().any(|n| n == "大会"), "{names:?}");
        // A nickname confirmed by role and speech still is one.
        let names = people("前小红书员工暮雨向雷峰网解释,社区内容平台只是个产品容器。");
        assert!(names.iter().any(|n| n == "暮雨"), "{names:?}");
    }

    #[test]
    fn role_before_confirms_an_unknown_name() {
        assert_eq!(people("小红书首席运营官柯南转至电商"), vec!["柯南"]);
        assert_eq!(people("雷峰网作者陈嘉欣持续跟踪小红书"), vec!["陈嘉欣"]);
    }

    #[test]
    fn speech_after_confirms_through_adverbs_and_phrases() {
        assert_eq!(
            people("服务商施海华曾向雷峰网表示,抖音电商目前已经处于服务商出清的阶段"),
            vec!["施海华"]
        );
        assert_eq!(
            people("小红书前运营同学章闻曾向雷峰网解释,新发布的内容曝光不错"),
            vec!["章闻"]
        );
    }

    #[test]
    fn nickname_needs_role_and_speech() {
        assert_eq!(
            people("前小红书员工暮雨向雷峰网解释,社区内容平台只是个产品容器"),
            vec!["暮雨"]
        );
        // A role before a common noun is not enough.
        assert!(people("小红书员工福利很好").is_empty());
    }

    #[test]
    fn role_words_are_not_people() {
        assert!(people("但最终社区里第一个出圈的买手代表,是明星").is_empty());
        assert!(people("有业内人表示,明星买手并不会成为小红书最核心的买手群体").is_empty());
        assert!(people("不少服务商都曾向雷峰网表示,找不到人").is_empty());
    }

    #[test]
    fn latin_name_and_coordination_after_a_role() {
        assert_eq!(
            people("它的主理人 Lili 和安娜是资深的户外运动爱好者"),
            vec!["Lili", "安娜"]
        );
    }

    #[test]
    fn split_surname_is_merged() {
        assert_eq!(people("比如因奇葩说走红的辩手姜思达。"), vec!["姜思达"]);
    }

    #[test]
    fn glued_tail_is_trimmed_and_pronoun_subject_confirms() {
        assert_eq!(
            people("方昭是最早响应平台做买手直播的博主之一,他告诉雷峰网:“要会做内容。”"),
            vec!["方昭"]
        );
    }

    #[test]
    fn platforms_are_not_people() {
        assert!(people("抖音表示,将继续投入").is_empty());
        assert!(people("雷峰网获悉,小红书相关人员与摩根士丹利有过接洽").is_empty());
    }

    // Found on unseen passages: jieba cut the last character of a
    // three-character name off (刘强|东, 李成|东, 王|莆|中, 许/m|仰天), and
    // the two-character prefix became the person.
    #[test]
    fn three_character_names_split_by_jieba_are_whole() {
        assert_eq!(
            people("京东创始人刘强东此前曾公开表示,利润率不会太高"),
            vec!["刘强东"]
        );
        assert_eq!(
            people("电商分析师李成东认为,即时零售是主战场"),
            vec!["李成东"]
        );
        assert_eq!(
            people("王莆中在社交媒体上发文称,订单量创新高"),
            vec!["王莆中"]
        );
        assert_eq!(
            people("美团核心本地商业CEO王莆中在社交媒体上发文称,订单量创新高"),
            vec!["王莆中"]
        );
        assert_eq!(people("SHEIN执行主席许仰天很少公开露面"), vec!["许仰天"]);
        // A verb character before a list separator ends the name.
        assert_eq!(people("区委副书记靳长喜、副区长秦富明被处理")[0], "靳长喜");
        // `郑子` `健在`: the dictionary word 健在 hides the third character;
        // after a role word the name is whole, without one there is no name.
        assert_eq!(
            people("副总裁郑子健在内部会上表示,资源不变"),
            vec!["郑子健"]
        );
        assert!(people("郑子健在内部会上表示,资源不变").is_empty());
    }

    #[test]
    fn two_character_names_are_not_over_extended() {
        assert_eq!(people("王兴表示,今年会加大投入"), vec!["王兴"]);
        assert_eq!(people("张勇认为,今年会加大投入"), vec!["张勇"]);
        assert_eq!(people("王兴说,今年会加大投入"), vec!["王兴"]);
        assert!(!people("王兴笑称,今年会加大投入")
            .iter()
            .any(|n| n == "王兴笑"));
        // A photo credit: 摄 is not part of the name.
        assert_eq!(people("新华社记者戴浩摄"), vec!["戴浩"]);
    }

    #[test]
    fn forms_of_address_are_not_names() {
        for s in [
            "王总表示,今年会加大投入",
            "张先生说,今年会加大投入",
            "李某称,今年会加大投入",
            "CEO王某表示,今年会加大投入",
            "市委孔书记说,今年会加大投入",
        ] {
            assert!(people(s).is_empty(), "{s}: {:?}", people(s));
        }
    }

    #[test]
    fn latin_full_names() {
        assert_eq!(
            people("花旗分析师Alicia Yap表示,美团的利润可能下滑"),
            vec!["Alicia Yap"]
        );
        assert_eq!(
            people("研究员John Smith表示,市场仍有空间"),
            vec!["John Smith"]
        );
        // An organization suffix is not a surname.
        assert!(!people("分析师表示,Sunrise Ventures 领投")
            .iter()
            .any(|n| n.contains("Ventures")));
    }

    #[test]
    fn dotted_transliterated_names() {
        assert_eq!(
            people("Meta首席执行官马克·扎克伯格表示,会继续投入"),
            vec!["马克·扎克伯格"]
        );
        assert_eq!(
            people("特斯拉CEO埃隆·马斯克称,会继续投入"),
            vec!["埃隆·马斯克"]
        );
        assert!(people("中国·杭州电商大会开幕").is_empty());
    }

    #[test]
    fn employers_and_places_are_not_speakers() {
        // `花旗` `分析师` `表示`: 花旗 employs the speaker.
        assert!(people("花旗分析师表示,美团利润承压").is_empty());
        assert!(people("红杉资本表示,将继续投资").is_empty());
        // `在莫斯科表示`: said in Moscow.
        assert!(people("代表团在莫斯科表示,将继续谈判").is_empty());
        // A name followed by an honorific still is one.
        assert_eq!(people("主持人王芳女士表示,节目会继续"), vec!["王芳"]);
    }

    #[test]
    fn traditional_derived_sentence() {
        // 「服務商施海華表示」 after 繁→简.
        let cc = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
            .expect("built-in OpenCC config");
        let s = cc.convert("服務商施海華表示,小紅書直播是內容邏輯");
        assert_eq!(people(&s), vec!["施海华"]);
    }
}
