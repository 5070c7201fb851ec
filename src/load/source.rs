//! Reading a data file's bytes and decoding them to text: the size cap (D-TOO-LARGE), UTF-8 with
//! or without BOM, UTF-16 with its BOM, and D-ENCODING at the first bad byte for anything else.
//!
//! This module knows nothing of YAML or of the report: it only turns a path into text or into one
//! finding. It never guesses an encoding (a misread GBK file could change figures silently).

use super::{LoadError, MAX_FILE_BYTES, Source};
use crate::diag::{Finding, Rule};
use crate::model::Pos;
use std::io::Read;
use std::path::Path;

/// Reads a data file as UTF-8 text. Missing files and directories are [`LoadError::Io`]; a file
/// that is too large or not UTF-8 is [`LoadError::Data`].
pub fn read_source(path: &Path) -> Result<Source, LoadError> {
    let bytes = read_bytes(path)?;
    source_of(path, &bytes)
}

/// A data file's bytes, read as [`read_source`] reads them (regular files only, at most
/// [`MAX_FILE_BYTES`]), for a caller that looks at them before decoding (a workbook is not text).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let name = path.display().to_string();
    let io = |reason: String| LoadError::Io { path: name.clone(), reason };
    // `metadata` follows symlinks: a link to a regular file is read as that file.
    let meta = std::fs::metadata(path).map_err(|e| io(crate::diag::io_reason(&e)))?;
    if meta.is_dir() {
        return Err(io("这是一个文件夹，不是数据文件".into()));
    }
    // Checked before opening: opening a FIFO without a writer blocks for ever, and a device or a
    // pipe (`/dev/zero`, `<(…)`) reports no size and may never end.
    if !meta.is_file() {
        return Err(io(
            "这不是普通文件（是设备、管道或套接字）：请先把数据保存为一个 .yaml 文件再检查".into()
        ));
    }
    // `size`: the reported size, when that is what shows the file too large.
    let too_large = |size: Option<u64>| LoadError::Data {
        findings: vec![Finding::new(
            Rule::DTooLarge,
            None,
            format!(
                "数据文件过大（{}）：一个年度报告的数据文件通常只有几 KB，上限为 {} MB",
                match size {
                    Some(len) => format!("{:.1} MB", len as f64 / 1_048_576.0),
                    None => format!("超过 {} MB", MAX_FILE_BYTES / 1_048_576),
                },
                MAX_FILE_BYTES / 1_048_576
            ),
        )],
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(Some(meta.len())));
    }
    // The reported size may be wrong (a file still growing, /proc): never read past the cap.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| io(crate::diag::io_reason(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// The text of a data file's bytes read by [`read_bytes`].
pub fn source_of(path: &Path, bytes: &[u8]) -> Result<Source, LoadError> {
    let text = decode(bytes).map_err(|f| LoadError::Data { findings: vec![f] })?;
    Ok(Source { name: path.display().to_string(), text })
}

/// UTF-8 (with or without BOM) or UTF-16 with its BOM (Notepad's “Unicode”; YAML allows both) to
/// text; anything else is D-ENCODING with the position of the first bad byte (GBK files saved by old
/// editors are the usual cause: guessing that encoding could misread figures, so the user re-saves).
fn decode(bytes: &[u8]) -> Result<String, Finding> {
    let text = match bytes {
        // UTF-32's BOMs begin like UTF-16's: test them first.
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => {
            return Err(Finding::new(
                Rule::DEncoding,
                Pos { line: 1, col: 1 },
                "文件是 UTF-32 编码：请在编辑器中以“UTF-8”编码另存后再试",
            ));
        }
        [0xFF, 0xFE, rest @ ..] => decode_utf16(rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => decode_utf16(rest, u16::from_be_bytes)?,
        _ => decode_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))?,
    };
    Ok(lone_cr_to_lf(&text).into_owned())
}

/// Line and column (1-based, in characters) just after `good`.
fn pos_after(good: &str) -> Pos {
    let line = good.matches('\n').count() as u32 + 1;
    let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Pos { line, col }
}

fn decode_utf8(bytes: &[u8]) -> Result<String, Finding> {
    let bad = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
    // A NUL byte: UTF-16 or UTF-32 without a BOM (every other byte of Latin text is 0), or not a
    // text file at all; either way not what the GBK hint below would suggest.
    let nul = bytes.iter().position(|&b| b == 0);
    if let Some(at) = nul.filter(|&n| bad.is_none_or(|b| n < b)) {
        let good = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        return Err(Finding::new(
            Rule::DEncoding,
            pos_after(good),
            "文件中有空字符（NUL）：可能是没有 BOM 的 UTF-16/UTF-32 编码，或不是文本文件：请在编辑器中以“UTF-8”编码另存后再试",
        ));
    }
    match bad {
        None => Ok(std::str::from_utf8(bytes).unwrap_or_default().to_string()),
        Some(valid) => {
            // valid_up_to() is a char boundary, so this is valid UTF-8.
            let good = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            Err(Finding::new(
                Rule::DEncoding,
                pos_after(good),
                "文件不是 UTF-8 编码（可能是 GBK/GB2312）：请在编辑器中以“UTF-8”编码另存后再试",
            ))
        }
    }
}

/// Old Mac line endings (a CR alone) as line feeds, so that YAML and the lines shown in messages
/// see the same lines; same length, so byte offsets stay right. `\r\n` is left alone.
pub(super) fn lone_cr_to_lf(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(if c == '\r' && chars.peek() != Some(&'\n') { '\n' } else { c });
    }
    out.into()
}

/// UTF-16 after its BOM; a bad unit (or an odd last byte) is D-ENCODING at its line and column.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Finding> {
    // An odd trailing byte becomes a lone surrogate, so it is reported like any other bad unit.
    let units = bytes.chunks(2).map(|c| if let [a, b] = *c { unit([a, b]) } else { 0xDC00 });
    let mut text = String::with_capacity(bytes.len());
    let (mut line, mut col) = (1, 1);
    for c in char::decode_utf16(units) {
        let Ok(c) = c else {
            return Err(Finding::new(
                Rule::DEncoding,
                Pos { line, col },
                "文件以 UTF-16 标记开头，但内容不是有效的 UTF-16：请在编辑器中以“UTF-8”编码另存后再试",
            ));
        };
        text.push(c);
        (line, col) = if c == '\n' { (line + 1, 1) } else { (line, col + 1) };
    }
    Ok(text)
}
