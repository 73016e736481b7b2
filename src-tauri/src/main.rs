// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// Survey imports and figures allocate millions of small strings; mimalloc frees them far faster
// than the system allocators (measured in the README's survey benchmark).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    fabrique_lib::run();
}
