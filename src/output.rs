//! Writing files: atomic writes, and where each output goes and what it is called.

use crate::render::Format;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a reader
/// never sees half a file and a failed run leaves the old file in place. Creates the folder. With
/// `overwrite` false an existing file is left alone and an error of kind `AlreadyExists` is returned.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".xxgk-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are private (0600); a report is an ordinary document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    if overwrite {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// A file name from a report title: characters Windows or Unix forbid become `_`, and the name is
/// kept short enough for every file system (Chinese names stay as they are).
pub fn file_stem(title: &str) -> String {
    let mut s: String = title
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // Windows drops trailing dots and spaces; names must not be empty or reserved device names.
    while s.ends_with(['.', ' ']) {
        s.pop();
    }
    let s = s.trim_start().to_string();
    let mut s = if s.is_empty() { "报告".to_string() } else { s };
    let upper = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    // 80 characters (≤ 240 bytes in UTF-8) leaves room for the folder and the extension.
    if s.chars().count() > 80 {
        s = s.chars().take(80).collect();
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
    fn out_target_is_dir_unless_it_names_an_output_file() {
        assert_eq!(OutTarget::classify(Path::new("out/报告.html")), OutTarget::File("out/报告.html".into()));
        assert_eq!(OutTarget::classify(Path::new("输出")), OutTarget::Dir("输出".into()));
        assert_eq!(OutTarget::classify(Path::new("out/")), OutTarget::Dir("out/".into()));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("中文目录").join("报告.md");
        write_atomic(&p, b"one", true).unwrap();
        write_atomic(&p, "二".as_bytes(), true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "二");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn atomic_write_without_overwrite_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("数据.yaml");
        write_atomic(&p, b"old", false).unwrap();
        let err = write_atomic(&p, b"new", false).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }
}
