//! Bounds on one render of a template, so that a user template whose loops run away stops with an
//! error naming it instead of running for ever or filling the memory.
//!
//! Tera limits one `range()` call to 100 000 numbers, but not a render: two nested
//! `{% for i in range(end=100000) %}` loops run 10¹⁰ times. Two budgets per render close that:
//!
//! - `range()` (replaced by [`range`]) may produce [`MAX_RANGE_ITEMS`] numbers in all;
//! - the output may grow to [`MAX_OUTPUT_BYTES`].
//!
//! Both count work, not time, so the same template and data give the same result on any machine
//! and under any load; this module must not read a clock. The built-in templates call no `range()`
//! and write a few KB, far inside both.
//!
//! What stays unbounded: loops over the report's own lists (short, and bounded by the data file's
//! size) nested deeply without writing anything, and strings doubled by `~` in a loop. A service
//! running templates it does not trust must still run them with an OS limit on time and memory.

use std::cell::Cell;
use std::io::{self, Write};

use tera::{Kwargs, State, TeraResult};

/// Numbers `range()` may produce in one render, over all its calls.
pub const MAX_RANGE_ITEMS: u64 = 1_000_000;
/// Bytes a template may write in one render (data files are at most 5 MB; prose does not go
/// through the template).
pub const MAX_OUTPUT_BYTES: usize = 16 * 1024 * 1024;
/// Numbers one `range()` call may produce: Tera's own limit, kept.
const MAX_RANGE_LEN: i128 = 100_000;

thread_local! {
    /// What is left of [`MAX_RANGE_ITEMS`] in the render running on this thread (Tera renders on
    /// the caller's thread, and a function cannot reach per-render state otherwise).
    static RANGE_LEFT: Cell<u64> = const { Cell::new(MAX_RANGE_ITEMS) };
}

/// Why a bounded render stopped.
pub(super) enum Stop {
    /// The output reached [`MAX_OUTPUT_BYTES`].
    TooLarge,
    /// Tera's own error, including a `range()` budget spent (located at the call).
    Tera(tera::Error),
}

/// Renders `name` within both budgets.
pub(super) fn render(tera: &tera::Tera, name: &str, ctx: &tera::Context) -> Result<String, Stop> {
    let mut out = Bounded { buf: Vec::new(), full: false };
    let saved = RANGE_LEFT.replace(MAX_RANGE_ITEMS);
    let result = tera.render_to(name, ctx, &mut out);
    RANGE_LEFT.set(saved);
    match result {
        Err(_) if out.full => Err(Stop::TooLarge),
        Err(e) => Err(Stop::Tera(e)),
        Ok(()) => String::from_utf8(out.buf).map_err(|e| Stop::Tera(e.into())),
    }
}

/// An output buffer that refuses to grow past [`MAX_OUTPUT_BYTES`].
struct Bounded {
    buf: Vec<u8>,
    full: bool,
}

impl Write for Bounded {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.buf.len() + data.len() > MAX_OUTPUT_BYTES {
            self.full = true;
            return Err(io::Error::other("template output limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Tera's `range(start=0, end, step_by=1)`, with its messages in Chinese, counted against the
/// render's [`MAX_RANGE_ITEMS`].
pub(super) fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    let fail = |m: String| Err(tera::Error::message(m));
    if step == 0 {
        return fail("函数 range() 的 step_by 不能为 0".into());
    }
    if start > end && step > 0 {
        return fail(format!("函数 range() 的 start（{start}）大于 end（{end}）"));
    }
    let len = if step > 0 {
        end.checked_sub(start).and_then(|span| span.checked_add(step - 1)).map(|n| n / step)
    } else if start <= end {
        Some(0)
    } else {
        start
            .checked_sub(end)
            .zip(step.checked_neg())
            .and_then(|(span, s)| span.checked_add(s - 1).map(|n| n / s))
    };
    let Some(len) = len else {
        return fail("函数 range() 的参数超出了可以计算的范围".into());
    };
    if len > MAX_RANGE_LEN {
        return fail(format!("函数 range() 一次最多产生 {MAX_RANGE_LEN} 个数，这里要产生 {len} 个"));
    }
    let len = len as u64;
    let left = RANGE_LEFT.get();
    if len > left {
        RANGE_LEFT.set(0);
        return fail(format!(
            "函数 range() 在一次生成中共产生了超过 {MAX_RANGE_ITEMS} 个数，已停止：是否写了次数过多或嵌套的循环（如两层 range(end=100000)）？"
        ));
    }
    RANGE_LEFT.set(left - len);
    Ok((0..len as i128).map(|i| start + i * step).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(template: &str) -> tera::Tera {
        let mut t = tera::Tera::new();
        t.register_function("range", range);
        t.add_raw_template("t", template).unwrap();
        t
    }

    fn run(template: &str) -> Result<String, String> {
        render(&tera(template), "t", &tera::Context::new()).map_err(|e| match e {
            Stop::TooLarge => "too large".into(),
            Stop::Tera(e) => e.to_string(),
        })
    }

    #[test]
    fn range_works_as_in_tera() {
        let out = run(
            "{% for i in range(end=3) %}{{ i }}{% endfor %}|{% for i in range(start=5, end=0, step_by=-2) %}{{ i }}{% endfor %}|{% for i in range(start=2, end=2) %}x{% endfor %}",
        );
        assert_eq!(out.unwrap(), "012|531|");
        assert!(run("{{ range(end=1, step_by=0) }}").unwrap_err().contains("step_by 不能为 0"));
        assert!(run("{{ range(start=3, end=1) }}").unwrap_err().contains("大于 end"));
        assert!(run("{{ range(end=100001) }}").unwrap_err().contains("一次最多产生 100000 个数"));
    }

    #[test]
    fn nested_ranges_stop_within_the_budget() {
        let err = run("{%- for i in range(end=100000) -%}{%- for j in range(end=100000) -%}{%- endfor -%}{%- endfor -%}")
            .unwrap_err();
        assert!(err.contains("超过 1000000 个数"), "{err}");
        // The budget is per render: the next render starts afresh.
        assert!(run("{% for i in range(end=100000) %}{% endfor %}").is_ok());
    }

    #[test]
    fn output_stops_at_the_limit() {
        let big = "x".repeat(1000);
        let template = format!(
            "{{% for i in range(end=1000) %}}{{% for j in range(end=20) %}}{big}{{% endfor %}}{{% endfor %}}"
        );
        assert_eq!(run(&template).unwrap_err(), "too large");
    }
}
