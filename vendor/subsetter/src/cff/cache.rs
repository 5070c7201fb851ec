//! A process-wide cache of desubroutinized glyph programs.
//!
//! Inlining the subroutine calls of a glyph's charstring and compiling it back is most of the
//! work of subsetting a large CFF font such as a CJK one, and an application that subsets the same
//! font for many documents does it again for the same glyphs each time. The result depends only
//! on the CFF table and the glyph ID, so it is kept here, keyed by a fingerprint of the table.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxBuildHasher;

/// Past this many bytes of programs the cache is emptied, to bound the memory of a long-running
/// process. It holds the glyphs of many documents (a CJK glyph is a few hundred bytes).
const MAX_BYTES: usize = 32 << 20;

/// How much of each end of the table goes into the fingerprint: the start holds the font's name,
/// top DICT and strings.
const ENDS: usize = 4096;

/// Identifies a CFF table by its content, without reading all of it (a CJK table is 15 MB).
#[derive(Debug, Copy, Clone, Eq, PartialEq, Hash)]
pub(crate) struct FontKey(u64);

impl FontKey {
    /// `checksum` is the table's checksum from the font directory; `offsets` is the offset array
    /// of the CharStrings INDEX, which gives the length of every glyph's program.
    pub(crate) fn new(cff: &[u8], checksum: u32, offsets: &[u8]) -> Self {
        let mut h = FxBuildHasher.build_hasher();
        h.write_usize(cff.len());
        h.write_u32(checksum);
        h.write(&cff[..cff.len().min(ENDS)]);
        h.write(&cff[cff.len().saturating_sub(ENDS)..]);
        h.write(offsets);
        Self(h.finish())
    }
}

#[derive(Default)]
struct Programs {
    map: HashMap<(FontKey, u16), Arc<[u8]>, FxBuildHasher>,
    bytes: usize,
}

static PROGRAMS: Mutex<Option<Programs>> = Mutex::new(None);

/// The cached programs of `gids`, in order (`None` where a glyph is not cached).
pub(crate) fn get(font: FontKey, gids: &[u16]) -> Vec<Option<Arc<[u8]>>> {
    let programs = PROGRAMS.lock().unwrap_or_else(PoisonError::into_inner);
    match programs.as_ref() {
        Some(p) => gids.iter().map(|&gid| p.map.get(&(font, gid)).cloned()).collect(),
        None => vec![None; gids.len()],
    }
}

/// Keeps the programs of glyphs of `font`.
pub(crate) fn insert(font: FontKey, new: Vec<(u16, Arc<[u8]>)>) {
    if new.is_empty() {
        return;
    }
    let mut programs = PROGRAMS.lock().unwrap_or_else(PoisonError::into_inner);
    let p = programs.get_or_insert_with(Programs::default);
    for (gid, program) in new {
        let len = program.len();
        if p.map.insert((font, gid), program).is_none() {
            p.bytes += len;
        }
    }
    if p.bytes > MAX_BYTES {
        *p = Programs::default();
    }
}
