//! The damaged-font checks: what a font file's header, table directory and character map claim,
//! checked before fontdb or typst trust it. Reads only those parts, so time and memory stay bounded
//! by the file, not by what a damaged header claims; it never loads a face itself.

use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;
use typst::text::FontInfo;

use super::{FontOrigin, display_path};

/// Most faces a font collection may hold. Real collections hold up to a few hundred (every style
/// of a CJK family in one “super TTC”); a damaged header can claim four billion.
pub const MAX_FACES: u32 = 1024;

/// Most characters the Unicode character maps of one face may list together: four times all of
/// Unicode. typst collects them one by one into a list, four bytes each; a damaged range can list
/// four billion.
pub const MAX_CHARS: u64 = 4 * 0x11_0000;

/// Why a font file, or one face of a collection, was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FontDamage {
    #[error("无法读取：{0}")]
    Io(String),
    #[error("不是可用的 TrueType/OpenType 字体")]
    NotAFont,
    #[error("字体集合声明含 {count} 个字体，超过上限 {max}，文件已损坏", max = MAX_FACES)]
    TooManyFaces { count: u32 },
    #[error("字体集合的字体目录超出文件末尾，文件已损坏或不完整")]
    CollectionTruncated,
    #[error("字体的表目录超出文件末尾，文件已损坏或不完整")]
    TableDirectory,
    #[error("“{tag}”表超出文件末尾，文件已损坏或不完整")]
    TableOutside { tag: String },
    #[error("字符映射表（cmap）的子表超出表的末尾，文件已损坏")]
    CmapOverrun,
    #[error("字符映射表（cmap）列出 {count} 个字符，超过上限 {max}，文件已损坏", max = MAX_CHARS)]
    TooManyChars { count: u64 },
    #[error("读取字体时出错，文件可能已损坏")]
    Panicked,
}

/// A font file (or one face of a collection) that was not loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFont {
    pub path: PathBuf,
    pub origin: FontOrigin,
    /// The face within a collection, `None` when the whole file was skipped.
    pub face: Option<u32>,
    pub damage: FontDamage,
}

impl SkippedFont {
    /// The notice shown to the user, in Chinese.
    pub fn notice(&self) -> String {
        let path = display_path(&self.path);
        match self.face {
            None => format!("已跳过字体文件“{path}”（{}）：{}", self.origin, self.damage),
            Some(i) => {
                format!("已跳过字体文件“{path}”中的第 {} 个字体（{}）：{}", i + 1, self.origin, self.damage)
            }
        }
    }
}

/// Checks what the font libraries would read of a file's header before they read it: a collection
/// must list a sane number of faces, all inside the file (fontdb and typst try every face the
/// header claims).
pub(super) fn check_file(path: &Path) -> Result<(), FontDamage> {
    let io = |e: std::io::Error| FontDamage::Io(crate::diag::io_reason(&e));
    let file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    let mut head = Vec::with_capacity(12);
    file.take(12).read_to_end(&mut head).map_err(io)?;
    if head.starts_with(b"ttcf") {
        let count = be_u32(&head, 8).ok_or(FontDamage::NotAFont)?;
        if count > MAX_FACES {
            return Err(FontDamage::TooManyFaces { count });
        }
        if 12 + 4 * u64::from(count) > len {
            return Err(FontDamage::CollectionTruncated);
        }
    }
    Ok(())
}

/// Reads face `index` of `data` for typst, once [`check_face`] has found it safe to.
pub(super) fn read_face(data: &[u8], index: u32) -> Result<FontInfo, FontDamage> {
    check_face(data, index)?;
    FontInfo::new(data, index).ok_or(FontDamage::NotAFont)
}

/// Checks the parts of face `index` that typst's font reader trusts: the collection header, the
/// table directory (every table inside the file) and the character map (arrays inside the table,
/// a sane number of characters). Takes time in proportion to those parts, not to what they claim.
fn check_face(data: &[u8], index: u32) -> Result<(), FontDamage> {
    let start = if data.starts_with(b"ttcf") {
        let count = be_u32(data, 8).ok_or(FontDamage::CollectionTruncated)?;
        if count > MAX_FACES {
            return Err(FontDamage::TooManyFaces { count });
        }
        be_u32(data, 12 + 4 * index as usize).ok_or(FontDamage::CollectionTruncated)? as usize
    } else {
        0
    };
    let tables = usize::from(be_u16(data, start + 4).ok_or(FontDamage::TableDirectory)?);
    let first = start.checked_add(12).ok_or(FontDamage::TableDirectory)?;
    let records = data.get(first..first.saturating_add(16 * tables)).ok_or(FontDamage::TableDirectory)?;
    for record in records.chunks_exact(16) {
        let (offset, length) =
            (be_u32(record, 8).unwrap_or(0) as usize, be_u32(record, 12).unwrap_or(0) as usize);
        let Some(table) = offset.checked_add(length).and_then(|end| data.get(offset..end)) else {
            return Err(FontDamage::TableOutside { tag: tag_name(&record[..4]) });
        };
        if &record[..4] == b"cmap" {
            check_cmap(table)?;
        }
    }
    Ok(())
}

/// A table tag as users read it: four printable ASCII characters, else hexadecimal.
fn tag_name(tag: &[u8]) -> String {
    if tag.iter().all(|b| (0x20..0x7f).contains(b)) {
        String::from_utf8_lossy(tag).trim_end().to_string()
    } else {
        tag.iter().map(|b| format!("{b:02X}")).collect()
    }
}

/// Checks a character map (`cmap`) as typst reads it: ttf-parser parses every subtable (an array
/// counted by 32 bits that overruns the table trips its debug assertions), and typst collects every
/// character of the Unicode subtables, one by one, into a list.
fn check_cmap(cmap: &[u8]) -> Result<(), FontDamage> {
    // A directory that overruns the table makes ttf-parser ignore the map: harmless.
    let count = be_u16(cmap, 2).map_or(0, usize::from);
    let Some(records) = cmap.get(4..4 + 8 * count) else { return Ok(()) };
    let mut chars = 0u64;
    for record in records.chunks_exact(8) {
        let (platform, encoding) = (be_u16(record, 0), be_u16(record, 2));
        let Some(sub) = be_u32(record, 4).and_then(|offset| cmap.get(offset as usize..)) else { continue };
        let Some(format) = be_u16(sub, 0) else { continue };
        let listed = subtable_chars(sub, format)?;
        // ttf-parser's `Subtable::is_unicode`: the subtables typst's coverage reads.
        let unicode = match (platform, encoding) {
            (Some(0), _) | (Some(3), Some(1)) => true,
            (Some(3), Some(10)) => matches!(format, 12 | 13),
            _ => false,
        };
        if unicode {
            chars += listed;
        }
    }
    if chars > MAX_CHARS { Err(FontDamage::TooManyChars { count: chars }) } else { Ok(()) }
}

/// How many characters a `cmap` subtable lists, counted from its ranges (at most, as ttf-parser
/// enumerates them). An array with a 32-bit count that overruns the table is damage; any other
/// subtable ttf-parser cannot read lists nothing.
fn subtable_chars(sub: &[u8], format: u16) -> Result<u64, FontDamage> {
    let u16_at = |at| be_u16(sub, at).map_or(0, u64::from);
    // A 32-bit count at `at`, then that many records of `size` bytes from `from`.
    let array32 = |at: usize, from: usize, size: u64| -> Result<Option<u64>, FontDamage> {
        let Some(count) = be_u32(sub, at).map(u64::from) else { return Ok(None) };
        if from as u64 + count * size > sub.len() as u64 {
            return Err(FontDamage::CmapOverrun);
        }
        Ok(Some(count))
    };
    Ok(match format {
        0 => 256,
        2 => {
            // 256 keys, each selecting a sub-header of up to 65535 two-byte codes.
            let Some(keys) = sub.get(6..518) else { return Ok(0) };
            keys.chunks_exact(2)
                .map(|key| match usize::from(u16::from_be_bytes([key[0], key[1]]) / 8) {
                    0 => 1,
                    i => u16_at(518 + 8 * i + 2),
                })
                .sum()
        }
        4 => {
            let segments = u16_at(6) as usize / 2;
            if segments == 0 || 16 + 8 * segments > sub.len() {
                return Ok(0);
            }
            let (ends, starts) = (&sub[14..14 + 2 * segments], &sub[16 + 2 * segments..16 + 4 * segments]);
            let mut n = 0;
            for (end, start) in ends.chunks_exact(2).zip(starts.chunks_exact(2)) {
                let (end, start) =
                    (u16::from_be_bytes([end[0], end[1]]), u16::from_be_bytes([start[0], start[1]]));
                if start == 0xFFFF && end == 0xFFFF {
                    break;
                }
                n += u64::from(end.saturating_sub(start)) + u64::from(start <= end);
            }
            n
        }
        6 => u16_at(8),
        10 => array32(16, 20, 2)?.unwrap_or(0),
        12 | 13 => match array32(12, 16, 12)? {
            Some(groups) => sub[16..16 + 12 * groups as usize]
                .chunks_exact(12)
                .map(|g| {
                    let (start, end) = (be_u32(g, 0).unwrap_or(0), be_u32(g, 4).unwrap_or(0));
                    u64::from(end.saturating_sub(start)) + u64::from(start <= end)
                })
                .sum(),
            None => 0,
        },
        14 => {
            array32(6, 10, 11)?;
            0
        }
        _ => 0,
    })
}

fn be_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn be_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{EMBEDDED_SANS_DATA, EMBEDDED_SERIF_DATA, FontOptions, Fonts};
    use crate::style::Style;
    fn be32(data: &[u8], at: usize) -> usize {
        u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize
    }

    /// Offsets of the character map (`cmap`) and of its first subtable in a font.
    fn cmap(font: &[u8]) -> (usize, usize) {
        let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
        let record = (0..tables).map(|i| 12 + 16 * i).find(|&r| &font[r..r + 4] == b"cmap").unwrap();
        let cmap = be32(font, record + 8);
        (cmap, cmap + be32(font, cmap + 8))
    }

    /// The embedded font with its first character map subtable made a one-group format 12 map
    /// covering `start..=end`.
    fn format12(start: u32, end: u32) -> Vec<u8> {
        let mut font = EMBEDDED_SANS_DATA.to_vec();
        let (_, sub) = cmap(&font);
        let bytes: Vec<u8> = [12u16.to_be_bytes(), [0; 2]]
            .concat()
            .into_iter()
            .chain([28u32, 0, 1, start, end, 1].iter().flat_map(|v| v.to_be_bytes()))
            .collect();
        font[sub..sub + bytes.len()].copy_from_slice(&bytes);
        font
    }

    #[test]
    fn sound_fonts_pass_the_check() {
        for data in [EMBEDDED_SERIF_DATA, EMBEDDED_SANS_DATA] {
            assert_eq!(check_face(data, 0), Ok(()));
        }
        assert_eq!(check_face(&format12(0x20, 0x7E), 0), Ok(()));
        // All of Unicode in one group, as a last-resort font maps it.
        assert_eq!(check_face(&format12(0, 0x10_FFFF), 0), Ok(()));
        // A collection of one face: the header, one offset, the font with its tables moved.
        let font = EMBEDDED_SANS_DATA;
        let mut ttc =
            [b"ttcf\x00\x01\x00\x00".as_slice(), &1u32.to_be_bytes(), &16u32.to_be_bytes()].concat();
        let mut moved = font.to_vec();
        for r in (0..usize::from(u16::from_be_bytes([font[4], font[5]]))).map(|i| 12 + 16 * i) {
            moved[r + 8..r + 12].copy_from_slice(&(be32(font, r + 8) as u32 + 16).to_be_bytes());
        }
        ttc.extend(moved);
        assert_eq!(check_face(&ttc, 0), Ok(()));
        assert!(FontInfo::new(&ttc, 0).is_some());
    }

    #[test]
    fn damaged_fonts_fail_the_check() {
        // One byte: the end of the only group, U+007E, became U+FF00007E.
        let mut wide = format12(0x20, 0x7E);
        let (_, sub) = cmap(&wide);
        wide[sub + 20] = 0xFF;
        assert!(
            matches!(check_face(&wide, 0), Err(FontDamage::TooManyChars { count }) if count > 8_000_000_000)
        );
        // One byte of the embedded font's format 4 map: the segment count.
        let mut segments = EMBEDDED_SANS_DATA.to_vec();
        segments[sub + 6] = 20;
        assert!(matches!(check_face(&segments, 0), Err(FontDamage::TooManyChars { .. })));
        // One byte of its format 14 map: the record count overruns the table.
        let mut variations = EMBEDDED_SANS_DATA.to_vec();
        let (table, _) = cmap(&variations);
        let sub14 = table + be32(&variations, table + 4 + 8 + 4);
        assert_eq!(u16::from_be_bytes([variations[sub14], variations[sub14 + 1]]), 14);
        variations[sub14 + 6] = 0xFF;
        assert_eq!(check_face(&variations, 0), Err(FontDamage::CmapOverrun));
        // A download cut short.
        let cut = &EMBEDDED_SANS_DATA[..EMBEDDED_SANS_DATA.len() / 2];
        assert!(matches!(check_face(cut, 0), Err(FontDamage::TableOutside { .. })));
        assert_eq!(check_face(&EMBEDDED_SANS_DATA[..100], 0), Err(FontDamage::TableDirectory));
        // Collections: too many faces, offsets past the end.
        let header = |count: u32| [b"ttcf\x00\x01\x00\x00".as_slice(), &count.to_be_bytes()].concat();
        assert_eq!(check_face(&header(u32::MAX), 0), Err(FontDamage::TooManyFaces { count: u32::MAX }));
        assert_eq!(check_face(&header(2), 1), Err(FontDamage::CollectionTruncated));
    }

    #[test]
    fn damaged_files_in_a_font_folder_are_skipped_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let header = |count: u32| [b"ttcf\x00\x01\x00\x00".as_slice(), &count.to_be_bytes()].concat();
        let mut wide = format12(0x20, 0x7E);
        let (_, sub) = cmap(&wide);
        wide[sub + 20] = 0xFF;
        let files: [(&str, Vec<u8>); 5] = [
            ("a.ttc", header(u32::MAX)),
            ("b.otc", header(3)),
            ("c.otf", wide),
            ("d.ttf", b"not a font".to_vec()),
            ("e.txt", header(u32::MAX)),
        ];
        for (name, data) in &files {
            std::fs::write(dir.path().join(name), data).unwrap();
        }
        let options =
            FontOptions { dirs: vec![dir.path().to_path_buf()], env: false, system: false, cache: None };
        let fonts = Fonts::load(&options);
        assert_eq!(fonts.faces().len(), 2, "only the embedded fonts");
        let mut skipped: Vec<(String, &FontDamage)> = fonts
            .skipped()
            .iter()
            .map(|s| (s.path.file_name().unwrap().to_string_lossy().into_owned(), &s.damage))
            .collect();
        skipped.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            skipped,
            [
                ("a.ttc".to_string(), &FontDamage::TooManyFaces { count: u32::MAX }),
                ("b.otc".to_string(), &FontDamage::CollectionTruncated),
                ("c.otf".to_string(), &FontDamage::TooManyChars { count: 2 * (0xFF00_007E - 0x20 + 1) }),
                ("d.ttf".to_string(), &FontDamage::NotAFont),
            ]
        );
        let notices = fonts.resolve(&Style::default()).substitution_notices();
        let path = dir.path().join("c.otf");
        let expected =
            format!("已跳过字体文件“{}”（--font-dir 目录）：字符映射表（cmap）列出", path.display());
        assert!(notices[..4].iter().any(|n| n.starts_with(&expected)), "{notices:?}");
        assert!(notices[4..].iter().all(|n| n.contains("未找到")), "{notices:?}");
        let report = fonts.resolve(&Style::default()).to_string();
        assert_eq!(report.matches("注意：已跳过字体文件").count(), 4, "{report}");
    }
}
