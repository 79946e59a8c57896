//! Whether a second thread pays on this machine at the scale of `simulate` (a few
//! milliseconds): the same 280 units of arithmetic (about 4 ms on one core of the budget's
//! machine), taken in turn from a shared counter by one thread, then by two, in alternating
//! rounds; prints the best and median wall time of each. `benches/process.sh` runs it.
//!
//! On the 2-core machine of product spec §8 two threads were slower than one in most rounds
//! (README, "Performance"), which is why `simulate` decides on one core.

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const UNITS: usize = 280;
const ROUNDS: usize = 40;

/// Takes units until none is left; each is about 14 µs of multiplications.
fn work(next: &AtomicUsize) {
    while next.fetch_add(1, Ordering::Relaxed) < UNITS {
        let mut x = black_box(1u64);
        for i in 0..100_000u64 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(i);
        }
        black_box(x);
    }
}

fn round(threads: usize) -> Duration {
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|| work(&next));
        }
        work(&next);
    });
    start.elapsed()
}

fn main() {
    if std::env::args().any(|arg| arg == "--test") {
        return;
    }
    let mut one = Vec::with_capacity(ROUNDS);
    let mut two = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        one.push(round(1));
        two.push(round(2));
    }
    for (name, times) in [("one thread ", &mut one), ("two threads", &mut two)] {
        times.sort();
        println!(
            "{name}: best {:.2} ms, median {:.2} ms ({UNITS} units, {ROUNDS} rounds)",
            times[0].as_secs_f64() * 1e3,
            times[ROUNDS / 2].as_secs_f64() * 1e3
        );
    }
}
