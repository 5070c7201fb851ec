//! Work over many items on plain threads, results in input order.

/// Stack of a batch worker: typst lays out nested content recursively; this is a Linux main thread's
/// stack (Windows gives its main thread only 1 MiB, so rendering never runs there).
const WORKER_STACK: usize = 8 << 20;

/// `f` over `items` on `workers` plain threads, results in input order; `None` where `f` panicked
/// (a bug), so that one failing report does not take the others down.
///
/// Not rayon: typst parallelizes inside one compilation on rayon's global pool, and a rayon
/// worker waiting for that inner work steals other reports onto its own stack. Renders then nest,
/// memory grows with the batch and a large batch overflows the stack. Plain threads only wait.
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item))).ok();
            results.lock().unwrap_or_else(|e| e.into_inner())[i] = r;
        }
    };
    std::thread::scope(|scope| {
        let spawned = (0..workers.clamp(1, items.len().max(1)))
            .filter(|_| {
                std::thread::Builder::new().stack_size(WORKER_STACK).spawn_scoped(scope, work).is_ok()
            })
            .count();
        if spawned == 0 {
            work();
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_input_order_for_any_worker_count() {
        let items: Vec<u32> = (0..50).collect();
        for workers in [0, 1, 2, 7, 100] {
            let out = parallel_map(&items, workers, |n| n * 2);
            assert_eq!(out, items.iter().map(|n| Some(n * 2)).collect::<Vec<_>>(), "{workers} workers");
        }
        assert!(parallel_map(&[] as &[u32], 4, |n| *n).is_empty());
    }

    #[test]
    fn parallel_map_survives_a_panicking_item() {
        let out = parallel_map(&[1, 2, 3], 2, |n| if *n == 2 { panic!("bug") } else { *n });
        assert_eq!(out, vec![Some(1), None, Some(3)]);
    }

    #[test]
    fn parallel_map_runs_on_threads_with_a_full_stack() {
        // Deep recursion that a 2 MiB thread (Rust's and rayon's default) could not hold.
        fn depth(n: u32) -> u32 {
            let pad = std::hint::black_box([0u8; 1024]);
            if n == 0 { u32::from(pad[0]) } else { depth(n - 1) + 1 }
        }
        assert_eq!(parallel_map(&[2500u32], 1, |n| depth(*n)), vec![Some(2500)]);
    }
}
