//! Command-line arguments and their resolution into a checked [`Config`].

use crate::history::History;
use crate::pipeline;
use crate::read;
use crate::report::Report;
use crate::rules::Rules;
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "thidua",
    version,
    about = "Tổng hợp bảng tự chấm điểm thi đua của khối: kiểm tra, xếp hạng, đề nghị khen thưởng.",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Tổng hợp: kiểm tra các bảng tự chấm, xếp hạng, đề nghị khen thưởng và ghi bảng tổng hợp (.xlsx).
    Consolidate(ConsolidateArgs),
    /// Chỉ kiểm tra các bảng tự chấm, không ghi bảng tổng hợp.
    Check(CheckArgs),
    /// Chuyển bảng tính gõ bằng phông TCVN3 (.VnTime), VNI, Windows-1258 sang Unicode (ghi bản sao .xlsx).
    Convert(ConvertArgs),
    /// Chuyển từng dòng văn bản nhập vào (stdin) sang Unicode.
    Text(TextArgs),
    /// Mở trang web trên máy này để gửi tệp, xem lỗi và tải bảng tổng hợp (trang của khối; trang của tỉnh ở địa chỉ /tinh).
    Serve(ServeArgs),
    /// Tạo bảng tự chấm mẫu (.xlsx) cho các đơn vị điền: khóa tiêu chí, kiểm tra điểm khi nhập.
    Template(TemplateArgs),
    /// In phiếu bầu suy tôn (.xlsx) cho hội nghị tổng kết: mỗi hình thức khen thưởng một phiếu.
    Ballots(BallotsArgs),
    /// Kiểm phiếu: đọc phiếu bầu đã điền (mỗi người một tệp) hoặc bảng kiểm phiếu đã nhập, kiểm tra và tính kết quả.
    Tally(TallyArgs),
    /// Soạn biên bản họp bình xét, bỏ phiếu suy tôn và tờ trình đề nghị khen thưởng (.docx) từ bảng tự chấm và phiếu bầu đã điền.
    Documents(DocumentsArgs),
    /// Tổng hợp của tỉnh: đọc kết quả của các khối (bảng tổng hợp, báo cáo JSON, thư mục của khối), kiểm tra theo chỉ tiêu của tỉnh và lập danh sách đề nghị khen thưởng (.xlsx).
    Province(ProvinceArgs),
    /// Tệp quy định của khối: soạn tệp quy định năm sau (lệnh next-year).
    #[command(subcommand_required = true, arg_required_else_help = true)]
    Rules(RulesArgs),
}

#[derive(Args, Debug)]
pub struct ProvinceArgs {
    /// Tệp quy định của tỉnh (.toml): các khối, chỉ tiêu khen thưởng, thứ tự Hội đồng xét, hạn nộp.
    #[arg(value_name = "TỈNH.toml")]
    pub province: PathBuf,
    /// Kết quả của các khối: bảng tổng hợp (.xlsx, .xls, .ods), báo cáo JSON, thư mục của khối (tệp quy định và bảng tự chấm), hoặc thư mục chứa các thứ đó.
    #[arg(required = true, value_name = "ĐẦU_VÀO")]
    pub inputs: Vec<PathBuf>,
    /// Tệp bảng tổng hợp của tỉnh sẽ ghi ra.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "TỆP.xlsx",
        default_value = "tong-hop-tinh.xlsx"
    )]
    pub output: PathBuf,
    /// Ghi thêm báo cáo dạng JSON vào tệp này.
    #[arg(long, value_name = "TỆP.json")]
    pub json: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Soạn tệp quy định năm sau: năm cộng thêm 1, Trưởng khối và Phó khối mới; giữ nguyên đơn vị, tiêu chí, khen thưởng, quy định bỏ phiếu và mọi ghi chú.
    NextYear(NextYearArgs),
}

#[derive(Args, Debug)]
pub struct NextYearArgs {
    /// Tệp quy định năm nay (.toml). Nếu bỏ trống: dùng tệp .toml duy nhất trong thư mục hiện tại.
    #[arg(long, value_name = "TỆP")]
    pub rules: Option<PathBuf>,
    /// Đơn vị làm Trưởng khối năm sau: mã đơn vị (như trong tệp quy định) hoặc tên đơn vị.
    #[arg(long, value_name = "MÃ")]
    pub head: Option<String>,
    /// Đơn vị làm Phó khối năm sau (mã hoặc tên); có thể ghi nhiều lần.
    #[arg(long, value_name = "MÃ")]
    pub deputy: Vec<String>,
    /// Tệp quy định năm sau sẽ ghi ra. Bỏ trống: cạnh tệp năm nay, tên kèm năm mới (ví dụ quy-dinh-2026.toml).
    #[arg(short = 'o', long = "output", value_name = "TỆP.toml")]
    pub output: Option<PathBuf>,
    /// Ghi đè tệp ra nếu đã có.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct DocumentsArgs {
    /// Tệp quy định của khối (.toml). Nếu bỏ trống: dùng tệp .toml duy nhất trong thư mục bảng tự chấm.
    #[arg(long, value_name = "TỆP")]
    pub rules: Option<PathBuf>,
    /// Các tệp phiếu bầu đã điền, hoặc thư mục chứa chúng (như lệnh tally); có thể ghi nhiều lần.
    #[arg(long = "ballots", value_name = "PHIẾU", required = true)]
    pub ballots: Vec<PathBuf>,
    /// Ghi thêm báo cáo JSON (bảng tổng hợp và kết quả kiểm phiếu, trường "vote") vào tệp này.
    #[arg(long, value_name = "TỆP.json")]
    pub json: Option<PathBuf>,
    /// Thư mục ghi biên bản và tờ trình.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "THƯ_MỤC",
        default_value = "ho-so-de-nghi"
    )]
    pub output: PathBuf,
    /// Ngày họp, dạng NGÀY/THÁNG/NĂM (ví dụ 20/12/2025). Bỏ trống: để chỗ trống điền tay.
    #[arg(long, value_name = "NGÀY/THÁNG/NĂM")]
    pub date: Option<String>,
    /// Giờ họp, ví dụ "8 giờ 00".
    #[arg(long, value_name = "GIỜ")]
    pub time: Option<String>,
    /// Địa điểm họp.
    #[arg(long, value_name = "ĐỊA_ĐIỂM")]
    pub place: Option<String>,
    /// Người chủ trì (họ tên, chức vụ).
    #[arg(long, value_name = "HỌ_TÊN")]
    pub chair: Option<String>,
    /// Thư ký hội nghị (họ tên).
    #[arg(long, value_name = "HỌ_TÊN")]
    pub secretary: Option<String>,
    /// Mã đơn vị vắng mặt (như trong tệp quy định); có thể ghi nhiều lần.
    #[arg(long, value_name = "MÃ")]
    pub absent: Vec<String>,
    /// Đơn vị hội nghị bầu làm Trưởng khối năm sau (mã hoặc tên), ghi vào biên bản. Bỏ trống: để chỗ trống điền tay.
    #[arg(long, value_name = "MÃ")]
    pub next_head: Option<String>,
    /// Đơn vị hội nghị bầu làm Phó khối năm sau (mã hoặc tên); có thể ghi nhiều lần. Cần có --next-head.
    #[arg(long, value_name = "MÃ", requires = "next_head")]
    pub next_deputy: Vec<String>,
    #[command(flatten)]
    pub submissions: Submissions,
}

#[derive(Args, Debug)]
pub struct TallyArgs {
    /// Tệp quy định của khối (.toml). Nếu bỏ trống: dùng tệp .toml duy nhất trong thư mục phiếu.
    #[arg(long, value_name = "TỆP")]
    pub rules: Option<PathBuf>,
    /// Ghi thêm kết quả kiểm phiếu dạng JSON vào tệp này.
    #[arg(long, value_name = "TỆP.json")]
    pub json: Option<PathBuf>,
    /// Các tệp phiếu bầu đã điền hoặc bảng kiểm phiếu đã nhập, hoặc thư mục chứa chúng.
    #[arg(required = true, value_name = "PHIẾU")]
    pub inputs: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct BallotsArgs {
    /// Tệp quy định của khối (.toml). Nếu bỏ trống: dùng tệp .toml duy nhất trong thư mục đầu vào.
    #[arg(long, value_name = "TỆP")]
    pub rules: Option<PathBuf>,
    /// Tệp phiếu bầu sẽ ghi ra; bảng kiểm phiếu ghi cạnh nó ("<tên> - kiểm phiếu.xlsx").
    #[arg(
        short = 'o',
        long = "output",
        value_name = "TỆP.xlsx",
        default_value = "phieu-bau.xlsx"
    )]
    pub output: PathBuf,
    #[command(flatten)]
    pub submissions: Submissions,
}

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// Tệp quy định của khối (.toml). Nếu bỏ trống: dùng tệp .toml duy nhất trong thư mục hiện tại.
    #[arg(long, value_name = "TỆP")]
    pub rules: Option<PathBuf>,
    /// Mã đơn vị (như trong tệp quy định) cần tạo bảng; có thể ghi nhiều lần.
    #[arg(long = "unit", value_name = "MÃ", conflicts_with = "all")]
    pub units: Vec<String>,
    /// Tạo bảng cho mọi đơn vị của khối. Không ghi --unit hay --all: một bảng mẫu chung, đơn vị tự ghi tên.
    #[arg(long)]
    pub all: bool,
    /// Thư mục ghi các bảng tự chấm mẫu.
    #[arg(short = 'o', long = "output", value_name = "THƯ_MỤC", required = true)]
    pub output: PathBuf,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Tệp quy định của khối (.toml) dùng sẵn cho trang; nếu bỏ trống, chọn tệp ngay trên trang.
    #[arg(long, value_name = "TỆP")]
    pub rules: Option<PathBuf>,
    /// Thư mục chứa kết quả các năm trước (các báo cáo JSON do thidua consolidate --json ghi ra, mỗi năm một tệp), dùng sẵn cho mọi phiên làm việc trên trang; trên trang vẫn thêm, xóa được.
    #[arg(long, value_name = "THƯ_MỤC")]
    pub history: Option<PathBuf>,
    /// Tệp quy định thi đua của tỉnh (.toml, như cho lệnh thidua province) dùng sẵn cho trang của tỉnh (địa chỉ /tinh), nơi Ban Thi đua – Khen thưởng tổng hợp kết quả của các khối; nếu bỏ trống, chọn tệp ngay trên trang đó.
    #[arg(long, value_name = "TỆP")]
    pub province: Option<PathBuf>,
    /// Cổng của trang web.
    #[arg(long, value_name = "SỐ", default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Địa chỉ lắng nghe. Mặc định 127.0.0.1 (chỉ máy này mở được); địa chỉ khác cho máy khác trong mạng truy cập.
    #[arg(long, value_name = "ĐỊA_CHỈ", default_value = "127.0.0.1")]
    pub listen: std::net::IpAddr,
    /// Mở trang bằng trình duyệt mặc định.
    #[arg(long)]
    pub open: bool,
    /// Tên của máy này trong mạng (ví dụ may-tdkt hoặc may-tdkt.local) để máy khác mở trang bằng tên đó; ghi nhiều lần được. Trang từ chối yêu cầu gửi tới tên không có trong danh sách.
    #[arg(long = "allow-host", value_name = "TÊN", value_parser = crate::web::allowed_host)]
    pub allow_hosts: Vec<String>,
    /// When the port is taken, open the page already there instead of
    /// failing (set for a start without arguments, not a flag).
    #[arg(skip)]
    pub reuse_running: bool,
    /// Several rules files found where one was looked for (a start without
    /// arguments): the page asks which (not a flag).
    #[arg(skip)]
    pub rules_choices: Vec<PathBuf>,
    /// Several province rules files found beside thidua (a start without
    /// arguments): the province's page asks which (not a flag).
    #[arg(skip)]
    pub province_choices: Vec<PathBuf>,
}

/// The web page's usual port.
pub const DEFAULT_PORT: u16 = 8765;

#[derive(Args, Debug)]
pub struct ConvertArgs {
    /// Thư mục ghi các bản sao Unicode.
    #[arg(short = 'o', long = "output", value_name = "THƯ_MỤC", required = true)]
    pub output: PathBuf,
    /// Các tệp hoặc thư mục bảng tính cần chuyển (.xlsx, .xls, .ods).
    #[arg(required = true, value_name = "ĐẦU_VÀO")]
    pub inputs: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct TextArgs {
    /// Bảng mã của văn bản vào: auto (tự nhận biết), tcvn3, vni, cp1258, viqr.
    #[arg(long, value_name = "BẢNG_MÃ", default_value = "auto")]
    pub from: String,
}

/// The units' submissions as every command that consolidates takes them
/// (`check`, `consolidate`, `ballots`, `documents`): the inputs, the files
/// left out and the past years, so that all of them rank, and propose, alike.
#[derive(Args, Debug)]
pub struct Submissions {
    /// Bỏ qua tệp này (tên tệp hoặc đường dẫn), ví dụ bản cũ khi đơn vị gửi nhiều bản; có thể ghi nhiều lần.
    #[arg(long, value_name = "TỆP")]
    pub exclude: Vec<PathBuf>,
    /// Thư mục chứa kết quả các năm trước (các báo cáo JSON do thidua consolidate --json ghi ra hoặc các bảng tổng hợp .xlsx do thidua consolidate ghi ra, mỗi năm một tệp): so sánh thứ hạng, khen thưởng của từng đơn vị với các năm trước.
    #[arg(long, value_name = "THƯ_MỤC")]
    pub history: Option<PathBuf>,
    /// Các tệp hoặc thư mục chứa bảng tự chấm (.xlsx, .xls, .ods).
    #[arg(required = true, value_name = "ĐẦU_VÀO")]
    pub inputs: Vec<PathBuf>,
}

/// What `check` and `consolidate` both take, after their own options: the
/// feedback folder and the submissions.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Ghi phiếu phản hồi cho từng tệp đã nhận (điểm đọc được, lỗi và cách sửa) vào thư mục này.
    #[arg(long, value_name = "THƯ_MỤC")]
    pub feedback: Option<PathBuf>,
    #[command(flatten)]
    pub submissions: Submissions,
}

#[derive(Args, Debug)]
pub struct ConsolidateArgs {
    /// Tệp quy định của khối (.toml). Nếu bỏ trống: dùng tệp .toml duy nhất trong thư mục đầu vào.
    #[arg(long, value_name = "TỆP")]
    pub rules: Option<PathBuf>,
    /// Tệp bảng tổng hợp sẽ ghi ra.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "TỆP.xlsx",
        default_value = "tong-hop.xlsx"
    )]
    pub output: PathBuf,
    /// Ghi thêm báo cáo dạng JSON vào tệp này.
    #[arg(long, value_name = "TỆP.json")]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Tệp quy định của khối (.toml). Nếu bỏ trống: dùng tệp .toml duy nhất trong thư mục đầu vào.
    #[arg(long, value_name = "TỆP")]
    pub rules: Option<PathBuf>,
    /// In báo cáo dạng JSON ra màn hình thay cho bản tóm tắt.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

/// Everything a run needs, checked.
pub struct Config {
    pub rules: Rules,
    pub rules_path: PathBuf,
    pub inputs: read::Inputs,
    /// The past years of `--history`, read once.
    pub history: Option<History>,
}

impl Config {
    /// Read, decode, check and consolidate every input through the
    /// pipeline (worker processes where they can be started), reporting
    /// `progress`: the run `check` and `consolidate` share.
    pub fn run(&self, progress: &(dyn Fn(usize, usize) + Sync)) -> Report {
        pipeline::run_with(
            &super::reader(),
            &self.rules,
            &self.inputs.files,
            self.inputs.skipped.clone(),
            self.history.as_ref(),
            progress,
        )
    }
}

/// Resolve the rules file, the inputs and the past years; a Vietnamese
/// message when the run cannot start. A missing input is named before the
/// rules are looked for.
pub fn resolve(rules: Option<&Path>, submissions: &Submissions) -> Result<Config, String> {
    let inputs = &submissions.inputs;
    let mut collected = read::collect_inputs(inputs);
    if !collected.errors.is_empty() {
        return Err(collected.errors.join("\n"));
    }
    let rules_path = match rules {
        Some(p) => p.to_path_buf(),
        None => find_rules(inputs)?,
    };
    let rules = Rules::load(&rules_path).map_err(|e| e.to_string())?;
    collected.exclude(&submissions.exclude)?;
    let history = submissions
        .history
        .as_deref()
        .map(|dir| History::load(dir, &rules))
        .transpose()?;
    Ok(Config {
        rules,
        rules_path,
        inputs: collected,
        history,
    })
}

/// The rules file for `inputs`: the single .toml in the input folders (not
/// searched recursively), else the single .toml beside the input files.
pub fn find_rules(inputs: &[PathBuf]) -> Result<PathBuf, String> {
    let folders: Vec<PathBuf> = inputs.iter().filter(|p| p.is_dir()).cloned().collect();
    let mut beside: Vec<PathBuf> = Vec::new();
    for file in inputs.iter().filter(|p| p.is_file()) {
        let dir = match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !beside.contains(&dir) {
            beside.push(dir);
        }
    }
    for dirs in [folders, beside] {
        let mut found = rules_files_in(&dirs)?;
        match found.len() {
            0 => continue,
            1 => return Ok(found.remove(0)),
            _ => return Err(several_rules(&found)),
        }
    }
    Err("chưa có tệp quy định của khối (tệp .toml) trong thư mục bảng tự chấm hay cạnh các tệp đã chọn. Ghi rõ bằng --rules TỆP.toml, hoặc đặt một tệp .toml trong thư mục bảng tự chấm.".into())
}

/// The .toml files directly in `dirs`, sorted.
pub fn rules_files_in(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for dir in dirs {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("không đọc được thư mục {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file()
                && path
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
                && !found.contains(&path)
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Several rules files where one was expected: which, and how to choose.
pub fn several_rules(found: &[PathBuf]) -> String {
    let names: Vec<String> = found
        .iter()
        .map(|p| format!("\"{}\"", p.display()))
        .collect();
    format!(
        "có {} tệp quy định (.toml): {}. Chọn một bằng --rules, ví dụ: thidua consolidate --rules {} THƯ_MỤC; hoặc xoá (chuyển đi) các tệp thừa như bản \"- Copy\".",
        found.len(),
        names.join(", "),
        names[0]
    )
}
