//! Lossless scanner: splits a Dockerfile into segments with BuildKit's line rules.
//!
//! The rules follow BuildKit's `frontend/dockerfile/parser`: lines split on `\n` only,
//! trailing `\r`/`\n` trimmed for every test, a UTF-8 BOM dropped on the first line,
//! parser directives only before the first other line, comment and whitespace-only
//! lines skipped inside a continuation, a continuation only when exactly one escape
//! character ends the line (BuildKit's regex `([^E])E[ \t]*$|^E[ \t]*$`), and heredoc
//! bodies read after the instruction for `RUN`, `COPY`, `ADD` (also under `ONBUILD`).
//!
//! Every byte of the input belongs to exactly one segment, so concatenating the
//! segments gives the input back.

use std::ops::Range;

use super::heredoc::{HeredocWord, heredoc_words};

/// One physical line inside an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhysLine {
    /// Whole line, including its line ending.
    pub range: Range<usize>,
    pub kind: LineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A line that contributes text. `escape` is the offset of the continuation
    /// escape character when the line continues.
    Code {
        content_end: usize,
        escape: Option<usize>,
    },
    /// A comment line inside a continuation (skipped by BuildKit).
    Comment,
    /// An empty or whitespace-only line inside a continuation.
    Empty,
}

/// A heredoc attached to an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// Unquoted delimiter: variables in the body are expanded.
    pub expand: bool,
    /// Body lines, without the terminator line.
    pub body: Range<usize>,
    /// The terminator line, including its line ending.
    pub terminator: Range<usize>,
}

/// An instruction as BuildKit's line reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawInstruction {
    /// From the first byte of the first line to the end of the last line (with its
    /// line ending), heredoc bodies included.
    pub range: Range<usize>,
    /// 1-based line of the first line.
    pub line: usize,
    /// 1-based line of the last line (heredoc terminators included).
    pub end_line: usize,
    /// The keyword as written (any case).
    pub keyword: Range<usize>,
    /// The physical lines of the instruction text (not heredoc bodies).
    pub lines: Vec<PhysLine>,
    /// The logical line BuildKit builds: continuations joined, comments dropped.
    pub logical: String,
    /// Pieces mapping `logical` offsets back to file offsets: (logical start, file start, len).
    pub map: Vec<(usize, usize, usize)>,
    pub heredocs: Vec<Heredoc>,
    /// Set when the text ends inside a continuation (no final line).
    pub open_continuation: bool,
}

impl RawInstruction {
    /// Maps an offset of `logical` to an offset in the file.
    pub fn file_offset(&self, logical: usize) -> usize {
        let idx = self.map.partition_point(|&(l, _, _)| l <= logical);
        match idx.checked_sub(1).map(|i| self.map[i]) {
            Some((l, f, len)) if logical <= l + len => f + (logical - l),
            Some((l, f, len)) => f + len + (logical - l - len),
            None => self.range.start,
        }
    }

    /// The keyword as BuildKit reads it (continuations joined), any case.
    pub fn keyword_text(&self) -> &str {
        let t = self.logical.trim_start();
        t.split(|c: char| c.is_ascii_whitespace())
            .next()
            .unwrap_or("")
    }

    /// End of the instruction text proper (before heredoc bodies), after the last
    /// line's content and before its line ending.
    pub fn text_end(&self) -> usize {
        self.lines
            .iter()
            .rev()
            .find_map(|l| match l.kind {
                LineKind::Code { content_end, .. } => Some(content_end),
                _ => None,
            })
            .unwrap_or(self.keyword.end)
    }
}

/// A parser directive (`# syntax=`, `# escape=`, `# check=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub range: Range<usize>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Bom(Range<usize>),
    Directive(Directive),
    Comment { range: Range<usize>, line: usize },
    Blank { range: Range<usize>, line: usize },
    Instruction(RawInstruction),
}

impl Segment {
    pub fn range(&self) -> Range<usize> {
        match self {
            Segment::Bom(r) => r.clone(),
            Segment::Directive(d) => d.range.clone(),
            Segment::Comment { range, .. } | Segment::Blank { range, .. } => range.clone(),
            Segment::Instruction(i) => i.range.clone(),
        }
    }
}

/// Why BuildKit would refuse the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ScanError {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub segments: Vec<Segment>,
    pub escape: u8,
    /// Set when the file cannot be read by BuildKit; segments still cover all bytes.
    pub error: Option<ScanError>,
    /// Line ending used by most lines (`"\n"` or `"\r\n"`).
    pub crlf: bool,
    pub final_newline: bool,
}

impl Scan {
    pub fn instructions(&self) -> impl Iterator<Item = &RawInstruction> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Instruction(i) => Some(i),
            _ => None,
        })
    }

    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.segments.iter().find_map(|s| match s {
            Segment::Directive(d) if d.name == name => Some(d),
            _ => None,
        })
    }

    pub fn newline(&self) -> &'static str {
        if self.crlf { "\r\n" } else { "\n" }
    }
}

/// Splits `src` into physical lines, each with its `\n` (the last may lack one).
fn physical_lines(src: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(src.len() / 24 + 1);
    let mut start = 0;
    for nl in memchr_iter(b'\n', src) {
        out.push(start..nl + 1);
        start = nl + 1;
    }
    if start < src.len() {
        out.push(start..src.len());
    }
    out
}

fn memchr_iter(needle: u8, hay: &[u8]) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter_map(move |(i, &b)| (b == needle).then_some(i))
}

/// Range of the line without trailing `\r`/`\n` bytes (BuildKit's `trimNewline`).
fn trim_newline(src: &[u8], r: &Range<usize>) -> usize {
    let mut end = r.end;
    while end > r.start && matches!(src[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    end
}

/// Length of a Unicode whitespace character starting at `s[0]` (Go's `unicode.IsSpace`).
pub(crate) fn space_len(s: &[u8]) -> usize {
    match s {
        [b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r', ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..] => 3,
        [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..] => 3,
        [0xE2, 0x81, 0x9F, ..] => 3,
        [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

fn skip_space(src: &[u8], mut i: usize, end: usize) -> usize {
    while i < end {
        let n = space_len(&src[i..end]);
        if n == 0 {
            break;
        }
        i += n;
    }
    i
}

fn is_comment(src: &[u8], start: usize, end: usize) -> bool {
    let i = skip_space(src, start, end);
    i < end && src[i] == b'#'
}

fn is_blank(src: &[u8], start: usize, end: usize) -> bool {
    skip_space(src, start, end) == end
}

/// BuildKit's continuation rule: the line ends with exactly one escape character,
/// followed only by spaces and tabs. Returns the escape's offset.
fn continuation_escape(src: &[u8], start: usize, end: usize, escape: u8) -> Option<usize> {
    let mut e = end;
    while e > start && matches!(src[e - 1], b' ' | b'\t') {
        e -= 1;
    }
    if e == start || src[e - 1] != escape {
        return None;
    }
    let esc = e - 1;
    if esc > start && src[esc - 1] == escape {
        return None;
    }
    Some(esc)
}

/// Matches BuildKit's directive regex `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`.
fn parse_directive(line: &[u8]) -> Option<(String, String)> {
    let s = std::str::from_utf8(line).ok()?;
    let rest = s.strip_prefix('#')?.trim_start();
    let name_len = rest
        .char_indices()
        .take_while(|&(i, c)| {
            if i == 0 {
                c.is_ascii_alphabetic()
            } else {
                c.is_ascii_alphanumeric()
            }
        })
        .count();
    if name_len == 0 {
        return None;
    }
    let (name, rest) = rest.split_at(name_len);
    let value = rest.trim_start().strip_prefix('=')?.trim();
    if value.is_empty() {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.to_string()))
}

const DIRECTIVES: [&str; 3] = ["syntax", "escape", "check"];

/// Scans `src` with BuildKit's line rules.
pub fn scan(src: &[u8]) -> Scan {
    let lines = physical_lines(src);
    let mut segments = Vec::with_capacity(lines.len());
    let mut escape = b'\\';
    let mut error = None;
    let mut directives_done = false;
    let mut seen_directives: Vec<String> = Vec::new();
    let mut crlf_lines = 0usize;
    let mut lf_lines = 0usize;
    for r in &lines {
        if src[..r.end].ends_with(b"\r\n") {
            crlf_lines += 1;
        } else if src[..r.end].ends_with(b"\n") {
            lf_lines += 1;
        }
    }

    let mut i = 0;
    while i < lines.len() {
        let mut r = lines[i].clone();
        let line_no = i + 1;
        if i == 0 && src[r.clone()].starts_with(b"\xEF\xBB\xBF") {
            segments.push(Segment::Bom(0..3));
            r.start = 3;
        }
        let end = trim_newline(src, &r);
        let start = skip_space(src, r.start, end);

        if !directives_done {
            match parse_directive(&src[start..end]) {
                Some((name, value)) if DIRECTIVES.contains(&name.as_str()) => {
                    if seen_directives.contains(&name) {
                        if error.is_none() {
                            error = Some(ScanError {
                                line: line_no,
                                message: format!("only one {name} parser directive can be used"),
                            });
                        }
                    } else if name == "escape" {
                        match value.as_str() {
                            "\\" => escape = b'\\',
                            "`" => escape = b'`',
                            _ if error.is_none() => {
                                error = Some(ScanError {
                                    line: line_no,
                                    message: format!(
                                        "invalid escape token '{value}' does not match ` or \\"
                                    ),
                                })
                            }
                            _ => {}
                        }
                    }
                    seen_directives.push(name.clone());
                    segments.push(Segment::Directive(Directive {
                        name,
                        value,
                        range: r,
                        line: line_no,
                    }));
                    i += 1;
                    continue;
                }
                _ => directives_done = true,
            }
        }

        if is_comment(src, r.start, end) {
            segments.push(Segment::Comment {
                range: r,
                line: line_no,
            });
            i += 1;
            continue;
        }
        let first_escape = continuation_escape(src, start, end, escape);
        if first_escape.is_none() && start == end {
            segments.push(Segment::Blank {
                range: r,
                line: line_no,
            });
            i += 1;
            continue;
        }
        // An instruction starts here.
        let inst_start = r.start;
        let mut phys = Vec::new();
        let mut logical = String::new();
        let mut map = Vec::new();
        let push_text =
            |logical: &mut String, map: &mut Vec<(usize, usize, usize)>, a: usize, b: usize| {
                if b > a {
                    map.push((logical.len(), a, b - a));
                    logical.push_str(&String::from_utf8_lossy_same_len(&src[a..b]));
                }
            };
        let text_end = first_escape.unwrap_or(end);
        push_text(&mut logical, &mut map, start, text_end);
        phys.push(PhysLine {
            range: r.clone(),
            kind: LineKind::Code {
                content_end: end,
                escape: first_escape,
            },
        });
        let mut continuing = first_escape.is_some();
        i += 1;
        let mut open_continuation = false;
        while continuing {
            let Some(lr) = lines.get(i).cloned() else {
                open_continuation = true;
                break;
            };
            let lend = trim_newline(src, &lr);
            i += 1;
            if is_comment(src, lr.start, lend) {
                phys.push(PhysLine {
                    range: lr,
                    kind: LineKind::Comment,
                });
                continue;
            }
            if is_blank(src, lr.start, lend) {
                phys.push(PhysLine {
                    range: lr,
                    kind: LineKind::Empty,
                });
                continue;
            }
            let esc = continuation_escape(src, lr.start, lend, escape);
            push_text(&mut logical, &mut map, lr.start, esc.unwrap_or(lend));
            phys.push(PhysLine {
                range: lr,
                kind: LineKind::Code {
                    content_end: lend,
                    escape: esc,
                },
            });
            continuing = esc.is_some();
        }
        let last_line_no = i;
        // BuildKit splits the command word off the trimmed logical line.
        let kw_l = logical.len() - logical.trim_start().len();
        let kw_l_end = logical[kw_l..]
            .find(|c: char| c.is_ascii_whitespace())
            .map_or(logical.len(), |p| kw_l + p);
        if kw_l == kw_l_end {
            // Only escapes and skipped lines: nothing for BuildKit to read.
            let range = inst_start..phys.last().map_or(r.end, |l| l.range.end);
            segments.push(Segment::Blank {
                range,
                line: line_no,
            });
            continue;
        }
        let mut inst = RawInstruction {
            range: inst_start..phys.last().map_or(r.end, |l| l.range.end),
            line: line_no,
            end_line: last_line_no,
            keyword: 0..0,
            lines: phys,
            logical,
            map,
            heredocs: Vec::new(),
            open_continuation,
        };

        inst.keyword = inst.file_offset(kw_l)..inst.file_offset(kw_l_end - 1) + 1;
        if can_contain_heredoc(&inst.logical) && inst.logical.contains("<<") {
            for HeredocWord {
                name,
                chomp,
                expand,
            } in heredoc_words(&inst.logical)
            {
                let body_start = lines.get(i).map_or(src.len(), |l| l.start);
                let mut terminated = None;
                while let Some(lr) = lines.get(i).cloned() {
                    i += 1;
                    let lend = trim_newline(src, &lr);
                    let mut s = lr.start;
                    if chomp {
                        while s < lend && src[s] == b'\t' {
                            s += 1;
                        }
                    }
                    if &src[s..lend] == name.as_bytes() {
                        terminated = Some(lr);
                        break;
                    }
                }
                let body_end = terminated.as_ref().map_or(src.len(), |t| t.start);
                let term = terminated.clone().unwrap_or(src.len()..src.len());
                inst.range.end = term.end.max(body_end);
                inst.end_line = i;
                if terminated.is_none() && error.is_none() {
                    error = Some(ScanError {
                        line: inst.line,
                        message: "unterminated heredoc".to_string(),
                    });
                }
                inst.heredocs.push(Heredoc {
                    name,
                    chomp,
                    expand,
                    body: body_start..body_end,
                    terminator: term,
                });
            }
        }
        segments.push(Segment::Instruction(inst));
    }

    Scan {
        segments,
        escape,
        error,
        crlf: crlf_lines > lf_lines,
        final_newline: src.last().is_none_or(|&b| b == b'\n'),
    }
}

/// `RUN`, `COPY`, `ADD`, or `ONBUILD` of one of them, in shell (non-JSON) form.
fn can_contain_heredoc(logical: &str) -> bool {
    let mut words = logical.split_ascii_whitespace();
    let mut kw = words.next().unwrap_or("");
    let mut rest_start = logical.find(kw).map_or(0, |p| p + kw.len());
    if kw.eq_ignore_ascii_case("onbuild") {
        let rest = &logical[rest_start..];
        let trimmed = rest.trim_start();
        kw = trimmed.split_ascii_whitespace().next().unwrap_or("");
        rest_start += rest.len() - trimmed.len() + kw.len();
    }
    if !["run", "copy", "add"]
        .iter()
        .any(|k| kw.eq_ignore_ascii_case(k))
    {
        return false;
    }
    // JSON form: BuildKit only treats the arguments as JSON when they parse as a
    // string array; heredocs are then not read.
    let args = skip_flags(&logical[rest_start..]);
    !is_json_array(args)
}

/// Skips leading `--flag[=value]` words.
pub(crate) fn skip_flags(mut s: &str) -> &str {
    loop {
        let t = s.trim_start();
        if let Some(rest) = t.strip_prefix("--") {
            let end = rest
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            s = &rest[end..];
        } else {
            return t;
        }
    }
}

/// Whether `s` is a JSON array of strings, as BuildKit requires for exec form.
pub(crate) fn is_json_array(s: &str) -> bool {
    let t = s.trim();
    t.starts_with('[') && t.ends_with(']') && serde_json::from_str::<Vec<String>>(t).is_ok()
}

/// UTF-8 view of bytes that keeps every offset: each invalid byte becomes `?`.
pub(crate) trait LossySameLen {
    fn from_utf8_lossy_same_len(b: &[u8]) -> std::borrow::Cow<'_, str>;
}

impl LossySameLen for String {
    fn from_utf8_lossy_same_len(b: &[u8]) -> std::borrow::Cow<'_, str> {
        match std::str::from_utf8(b) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                let mut out = String::with_capacity(b.len());
                for chunk in b.utf8_chunks() {
                    out.push_str(chunk.valid());
                    for _ in chunk.invalid() {
                        out.push('?');
                    }
                }
                std::borrow::Cow::Owned(out)
            }
        }
    }
}
