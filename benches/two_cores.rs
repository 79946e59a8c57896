//! Whether a second thread pays on this machine at the scale of `simulate`: a fresh process
//! doing a few milliseconds of work. Each round starts this program again as a new process that
//! does the same 280 units of arithmetic (about 4 ms on one core of the budget's machine), taken
//! in turn from a shared counter by one thread or by two; rounds alternate, and the best and
//! median wall time of each kind are printed, with the same rounds run inside this one process
//! for comparison. `benches/process.sh` runs it.
//!
//! On the 2-core machine of product spec §8 a warm process can run twice as fast on two threads,
//! but a fresh one gains little at the median: the second core, idle before, is often not there
//! in time (README, "Performance"). `simulate`, tried on two threads the same way, was slower
//! at the median, which is why it decides on one core.

use std::hint::black_box;
use std::process::Command;
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

/// One round in a new process of this program.
fn round_in_new_process(threads: usize) -> Duration {
    let program = std::env::current_exe().expect("the bench's own path");
    let start = Instant::now();
    let status = Command::new(program)
        .args(["--round", &threads.to_string()])
        .status()
        .expect("the bench starts itself");
    assert!(status.success());
    start.elapsed()
}

fn report(name: &str, times: &mut [Duration]) {
    times.sort();
    println!(
        "{name}: best {:.2} ms, median {:.2} ms ({UNITS} units, {ROUNDS} rounds)",
        times[0].as_secs_f64() * 1e3,
        times[times.len() / 2].as_secs_f64() * 1e3
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|arg| arg == "--test") {
        return;
    }
    if let Some(at) = args.iter().position(|arg| arg == "--round") {
        let threads = args.get(at + 1).and_then(|n| n.parse().ok()).unwrap_or(1);
        round(threads);
        return;
    }
    let mut kinds: [Vec<Duration>; 4] = Default::default();
    for _ in 0..ROUNDS {
        kinds[0].push(round_in_new_process(1));
        kinds[1].push(round_in_new_process(2));
        kinds[2].push(round(1));
        kinds[3].push(round(2));
    }
    let names = [
        "new process, one thread ",
        "new process, two threads",
        "in process, one thread  ",
        "in process, two threads ",
    ];
    for (times, name) in kinds.iter_mut().zip(names) {
        report(name, times);
    }
}
