//! Shared by the native integration tests (`#[path = "support/tree.rs"] mod tree;`).

use std::path::{Path, PathBuf};

/// Every file under `dir`, by its path relative to `dir`, with its bytes, sorted by path:
/// a folder's whole contents, to compare with another folder's or with itself later.
pub fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                let relative = path.strip_prefix(dir).expect("inside").to_path_buf();
                files.push((relative, bytes));
            }
        }
    }
    files.sort();
    files
}
