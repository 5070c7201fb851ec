//! `xxgk serve`: the form in the browser. Prints the address, opens the browser with `--open`, and
//! serves until Ctrl+C (the interrupt handler of `cli::mod` ends the process).

use super::{Exit, term};
use std::io::Write;
use std::path::PathBuf;
use xxgk::serve::{Options, Server};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// 数据文件，或存放数据文件的文件夹（默认当前文件夹）
    #[arg(value_name = "文件或文件夹", default_value = ".")]
    path: PathBuf,
    /// 端口（只在本机 127.0.0.1 上监听；0 表示任选一个空闲端口）
    #[arg(long, value_name = "端口", default_value_t = 8719)]
    port: u16,
    /// 启动后在浏览器中打开
    #[arg(long)]
    open: bool,
    /// 自定义模板目录（按文件覆盖内置模板，见 xxgk templates export）
    #[arg(long, value_name = "目录")]
    templates: Option<PathBuf>,
}

pub fn run(args: ServeArgs) -> Exit {
    let options = Options { path: args.path, port: args.port, templates: args.templates };
    let server = match Server::bind(&options) {
        Ok(server) => server,
        Err(e) => {
            let _ = writeln!(term::stderr(), "错误：{e}");
            return Exit::Usage;
        }
    };
    let url = server.url();
    let _ = writeln!(term::stdout(), "填报页面：{url}");
    // Each lock is released at once: the Ctrl+C handler prints on stderr while the server runs.
    let _ = writeln!(term::stderr(), "在浏览器中打开上面的地址即可填写；按 Ctrl+C 停止。");
    if args.open && !open_browser(&url) {
        let _ = writeln!(term::stderr(), "警告：无法自动打开浏览器，请手动打开上面的地址");
    }
    match server.run() {
        Ok(()) => Exit::Ok,
        Err(e) => {
            let _ = writeln!(term::stderr(), "错误：服务意外停止：{}", xxgk::diag::io_reason(&e));
            Exit::Usage
        }
    }
}

/// The system's way to open an address in the default browser.
fn open_browser(url: &str) -> bool {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(windows) {
        let mut c = Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().is_ok()
}
