//! The timing every benchmark of Fabrique uses: each measure run a few times, its median kept, and
//! printed in milliseconds. Included by path (`#[path]`) from each crate's `benches/`.
#![allow(dead_code)] // each benchmark uses a part of it

use std::time::{Duration, Instant};

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Runs `f` `runs` times: the median duration, and what the last run returned.
pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let out = f();
        samples.push(start.elapsed());
        last = Some(out);
    }
    (median(samples), last.expect("at least one run"))
}

pub fn ms(d: Duration) -> String {
    format!("{:>9.3} ms", d.as_secs_f64() * 1000.0)
}
