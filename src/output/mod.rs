//! Writing files: atomic writes, where each output goes and what it is called, and the record of
//! what xxgk wrote in each output folder, so that a file a person has edited is never replaced.

use crate::render::Format;
use std::path::{Path, PathBuf};

/// Why an output is not written, found before anything is written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "“{}”是本次要读取的数据文件，不能同时作为输出文件（否则数据会被报告替换）；请用 -o 另指定文件名或文件夹",
        .0.display()
    )]
    IsInput(PathBuf),
    #[error(
        "“{}”已存在，但不是 xxgk 生成的（或生成记录 {RECORD_FILE} 已丢失），未覆盖。请先把它改名或移走；确需覆盖请加 --force",
        .0.display()
    )]
    NotOurs(PathBuf),
    #[error(
        "“{}”在 xxgk 生成后被修改过，未覆盖，以免丢失修改。请先把改过的文件改名或移走；确需覆盖请加 --force",
        .0.display()
    )]
    Edited(PathBuf),
    #[error(
        "-o {} 的扩展名与输出格式 {} 不符，未生成；请用以 .{} 结尾的文件名，或用 -o 指定文件夹",
        path.display(),
        format.extension(),
        format.extension()
    )]
    Extension { path: PathBuf, format: Format },
}

mod atomic;
mod record;

pub use atomic::{STALE_AFTER, interrupted, on_interrupt, remove_stale_temporary_files, write_atomic};
pub use record::{RECORD_FILE, Record, digest, save_records, write_output};

/// The folder a file is written in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// An existing file, however it is named (relative, with `./`, through a link): its device and
/// inode on Unix, its canonical path elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileId(FileKey);

#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

impl FileId {
    /// `None` when `path` does not exist.
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| FileId((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(FileId)
        }
    }
}

/// Longest file stem, in bytes: a path component may have 255 bytes on common file systems, and
/// the extension (`.docx`) needs room (80 Chinese characters fit).
const MAX_STEM_BYTES: usize = 240;

/// Characters that would make a name lie about itself or hide part of it: bidirectional controls
/// (a right-to-left override shows `报告\u{202e}fdp.exe` as `报告exe.pdf`) and zero-width ones.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{61c}'
    )
}

/// A file name from a report title: characters Windows or Unix forbid become `_`, invisible ones
/// are dropped, the name is never hidden (no leading dot), and it is cut to fit every file system
/// (Chinese names stay as they are). `init` names its data file the same way.
pub fn file_stem(title: &str) -> String {
    let mut s: String = title
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if s.len() > MAX_STEM_BYTES {
        let mut end = MAX_STEM_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    // Windows drops trailing dots and spaces; names must not be empty or reserved device names.
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '.').to_string();
    let mut s = if s.is_empty() { "报告".to_string() } else { s };
    let upper = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    s
}

/// Where one output goes: `-o FILE` as given; `-o DIR` or next to the input otherwise, named
/// after the title with the format's extension.
pub fn output_path(input: &Path, title: &str, format: Format, out: Option<&OutTarget>) -> PathBuf {
    let name = format!("{}.{}", file_stem(title), format.extension());
    match out {
        Some(OutTarget::File(f)) => f.clone(),
        Some(OutTarget::Dir(d)) => d.join(name),
        None => input.parent().map_or_else(|| PathBuf::from(&name), |p| p.join(&name)),
    }
}

/// What `-o` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutTarget {
    Dir(PathBuf),
    File(PathBuf),
}

impl OutTarget {
    /// An existing directory, a path ending in a separator, or a path without a known output
    /// extension is a directory; `report.html` is a file.
    pub fn classify(path: &Path) -> OutTarget {
        let s = path.as_os_str().to_string_lossy();
        if path.is_dir() || s.ends_with('/') || s.ends_with('\\') || Format::from_path(path).is_none() {
            OutTarget::Dir(path.to_path_buf())
        } else {
            OutTarget::File(path.to_path_buf())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(
            file_stem("开福区科学技术局2019年政府信息公开工作年度报告"),
            "开福区科学技术局2019年政府信息公开工作年度报告"
        );
        assert_eq!(file_stem("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(file_stem("报告. "), "报告");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("  "), "报告");
        assert_eq!(file_stem(&"长".repeat(200)).chars().count(), 80);
    }

    #[test]
    fn file_names_hide_nothing_and_fit_in_255_bytes() {
        // Bidirectional and zero-width characters are dropped; the name is never hidden or relative.
        assert_eq!(file_stem("报告\u{202e}fdp.exe"), "报告fdp.exe");
        assert_eq!(file_stem("某\u{200b}某\u{200d}局\u{feff}\u{2066}\u{200f}"), "某某局");
        assert_eq!(file_stem("../../evil"), "_.._evil");
        assert_eq!(file_stem(".xxgk-outputs.json"), "xxgk-outputs.json");
        assert_eq!(file_stem("\u{3000}报告"), "报告");
        // Cut by bytes at a character boundary, leaving room for the extension.
        for title in ["😀".repeat(100), "a".repeat(300), format!("a{}", "长".repeat(100)), "长. ".repeat(90)]
        {
            let stem = file_stem(&title);
            assert!(stem.len() <= MAX_STEM_BYTES && stem.len() + ".docx".len() <= 255, "{stem}");
            assert!(title.starts_with(&stem) && !stem.ends_with(['.', ' ']), "{stem}");
        }
        assert_eq!(file_stem(&"😀".repeat(100)).chars().count(), 60);
    }

    #[test]
    fn out_target_is_dir_unless_it_names_an_output_file() {
        assert_eq!(OutTarget::classify(Path::new("out/报告.html")), OutTarget::File("out/报告.html".into()));
        assert_eq!(OutTarget::classify(Path::new("输出")), OutTarget::Dir("输出".into()));
        assert_eq!(OutTarget::classify(Path::new("out/")), OutTarget::Dir("out/".into()));
    }

    #[test]
    fn an_existing_file_is_known_by_any_of_its_names() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("数据.yaml");
        std::fs::write(&file, "a: 1").unwrap();
        let dotted = dir.path().join(".").join("数据.yaml");
        assert_eq!(FileId::of(&file), FileId::of(&dotted));
        assert!(FileId::of(&file).is_some());
        assert_eq!(FileId::of(&dir.path().join("无.yaml")), None);
        std::fs::write(dir.path().join("别的.yaml"), "a: 1").unwrap();
        assert_ne!(FileId::of(&file), FileId::of(&dir.path().join("别的.yaml")));
    }
}
