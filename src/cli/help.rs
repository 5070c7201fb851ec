//! clap in Chinese: the help's headings and flags, and command-line mistakes explained.

use super::{Exit, term};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction};
use std::io::Write;

/// Prints a help request (stdout) or a command-line mistake (stderr).
pub fn show(e: &clap::Error) -> Exit {
    let (exit, text) = usage_message(e);
    // The text quotes what was typed, which may hold control characters.
    let _ =
        if exit == Exit::Ok { write!(term::stdout(), "{text}") } else { write!(term::stderr(), "{text}") };
    exit
}

/// clap's help in Chinese: headings, value placeholders, the help and version flags (the `help`
/// subcommand is dropped: `xxgk 命令 --help` does the same).
pub fn chinese(cmd: clap::Command) -> clap::Command {
    let versioned = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助"));
    if versioned {
        cmd = cmd
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"));
    }
    // Default and possible values are written in each option's Chinese help text instead.
    // Listed in definition order, as without headings.
    let mut order = 0;
    cmd.mut_args(|a| {
        order += 1;
        let heading = if a.is_positional() { "参数" } else { "选项" };
        let takes_values = a.get_action().takes_values();
        a.help_heading(heading)
            .display_order(order)
            .hide_possible_values(takes_values)
            .hide_default_value(takes_values)
    })
    .mut_subcommands(chinese)
}

/// The exit code and text for a help request or a command-line mistake, in Chinese.
fn usage_message(e: &clap::Error) -> (Exit, String) {
    let placeholders = |s: String| s.replace("[OPTIONS]", "[选项]").replace("<COMMAND>", "<命令>");
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            (Exit::Ok, placeholders(e.render().to_string()))
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            (Exit::Usage, placeholders(e.render().to_string()))
        }
        kind => {
            let get = |k| match e.get(k) {
                Some(ContextValue::String(s)) => s.clone(),
                Some(ContextValue::Strings(v)) => v.join("、"),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let arg = get(ContextKind::InvalidArg);
            let value = get(ContextKind::InvalidValue);
            let mut text = match kind {
                ErrorKind::UnknownArgument => format!("错误：不认识的参数“{arg}”"),
                ErrorKind::InvalidSubcommand => {
                    format!(
                        "错误：没有“{}”这个命令（可用：init、check、schema、render、templates、fonts）",
                        get(ContextKind::InvalidSubcommand)
                    )
                }
                ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数：{arg}"),
                ErrorKind::MissingSubcommand => "错误：缺少命令".to_string(),
                ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
                    let reason = std::error::Error::source(e).map(|s| format!("：{s}")).unwrap_or_default();
                    let valid = get(ContextKind::ValidValue);
                    let valid = if valid.is_empty() { valid } else { format!("（可用：{valid}）") };
                    format!("错误：{arg} 的值“{value}”无效{reason}{valid}")
                }
                ErrorKind::ArgumentConflict => {
                    format!("错误：{arg} 不能与 {} 同时使用", get(ContextKind::PriorArg))
                }
                ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
                    format!("错误：{arg} 的值个数不对")
                }
                ErrorKind::NoEquals => format!("错误：{arg} 的值要用“=”连接"),
                _ => format!("错误：命令行参数有误（{}）", e.kind()),
            };
            let suggested = get(ContextKind::SuggestedArg) + &get(ContextKind::SuggestedSubcommand);
            if !suggested.is_empty() {
                text.push_str(&format!("；是否想用“{suggested}”？"));
            }
            let usage = match e.get(ContextKind::Usage) {
                Some(ContextValue::StyledStr(u)) => placeholders(u.to_string()).replace("Usage: ", ""),
                _ => String::new(),
            };
            let usage = usage.trim();
            if usage.is_empty() {
                (Exit::Usage, format!("{text}\n\n用 xxgk --help 查看用法\n"))
            } else {
                (Exit::Usage, format!("{text}\n\n用法：{usage}\n用 --help 查看全部选项\n"))
            }
        }
    }
}
