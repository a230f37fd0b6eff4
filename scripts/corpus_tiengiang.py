"""Bloc tiengiang-tnmt: the district offices of natural resources and environment (Phòng Tài nguyên
và Môi trường) of Tiền Giang, scored by the provincial department, 2022 (research note g01).

Criteria tree, maxima and labels as printed in the department's scoring table: five standards
("Tiêu chuẩn 1:" …), items a, b, C, d, sub-items a1…a9, b1…b4, C1…C6, d1, d2, third level where the
document scores it. The document's "Thưởng" column becomes the bonus section (cap = the sum of its
lines), its "Trừ" lines with their "không quá" caps the deduction section (cap 10, stated here).
"""

from __future__ import annotations

from corpus_forms import Form, build, col
from corpus_layout import Line, Style, line_row, number_text, text_row
from corpus_model import Bloc, C, Expect, Sub, leaves, rules_toml, typed
from fixture_rules import D

ID = "tiengiang-tnmt"

DOC = dict(
    id="g01",
    file="g01-tiengiang-stnmt-phongtnmt-huyen-2022.json",
    addresses=[
        "https://github.com/synd276/chitieuthidua/blob/19984e67978b847f85d43df8fae8918ec953ab71/Bang%20diem%20chuan.docx",
        "https://github.com/synd276/chitieuthidua/blob/19984e67978b847f85d43df8fae8918ec953ab71/DiemChuan.xlsx",
        "https://github.com/synd276/chitieuthidua/blob/19984e67978b847f85d43df8fae8918ec953ab71/bao%20cao%20cham%20diem%20thi%20dua%20hoan%20chinh.docx",
    ],
    issuer="Sở Tài nguyên và Môi trường tỉnh Tiền Giang (scoring table of the district offices, with "
           "Hướng dẫn 168/HD-STNMT of 01/3/2022)",
    year=2022,
    readable="the whole table (about 210 rows with the bonus and deduction lines), the three-level tree "
             "of DiemChuan.xlsx, a district office's self-scoring report and the department's review minutes",
    gave="the criteria tree of the bloc (standards 1–5, items a, b, C, d, sub-items a1…d2, third level "
         "C3.1…C5.3, 2.1…4.3 and the two \"-\" lines of standard 5) with every maximum (3,5 included); "
         "the graded items C1 and C2 (5/4/3) and the yes/no C4.1, C4.2 as levels; the bonus lines of its "
         "\"Thưởng\" column (a4.2.1 1, a4.2.2 2, b2.1 1, b.2.5 0,5, b3.1 0,5, C3.3 1, d2.3 2, 3.2.1 0,5, "
         "4.3.1 1: cap 9,5 = their sum) and deduction lines with the caps of its \"không quá\" notes "
         "(section cap 10 stated by the corpus); the header \"STT | TIÊU CHUẨN THI ĐUA | ĐIỂM Chuẩn\", the "
         "\"Tổng cộng 100\" line under the header and at the end, the \"Căn cứ chấm điểm:\" rows, "
         "\"(điểm chuẩn 3 điểm)\" in titles, labels \"b.\"/\"d.\" with a dot; totals above 100 (bonus).",
)

UNITS = [
    dict(id="MYTHO", name="Phòng Tài nguyên và Môi trường thành phố Mỹ Tho",
         aliases=["Phòng TN&MT thành phố Mỹ Tho", "Phòng TNMT TP Mỹ Tho"]),
    dict(id="GOCONG", name="Phòng Tài nguyên và Môi trường thị xã Gò Công",
         aliases=["Phòng TN&MT thị xã Gò Công"]),
    dict(id="TXCAILAY", name="Phòng Tài nguyên và Môi trường thị xã Cai Lậy",
         aliases=["Phòng TN&MT thị xã Cai Lậy", "Phòng TNMT thị xã Cai Lậy"]),
    dict(id="CAIBE", name="Phòng Tài nguyên và Môi trường huyện Cái Bè", aliases=["Phòng TN&MT huyện Cái Bè"]),
    dict(id="CHAUTHANH", name="Phòng Tài nguyên và Môi trường huyện Châu Thành",
         aliases=["Phòng TN&MT huyện Châu Thành", "Phòng TN&MT Châu Thành"]),
    dict(id="CHOGAO", name="Phòng Tài nguyên và Môi trường huyện Chợ Gạo", aliases=["Phòng TN&MT huyện Chợ Gạo"]),
    dict(id="TANPHUOC", name="Phòng Tài nguyên và Môi trường huyện Tân Phước",
         aliases=["Phòng TN&MT huyện Tân Phước"]),
]

CRITERIA = [
    C("1", "Làm tốt nhiệm vụ chuyên môn, thực hiện đủ kế hoạch công tác đã đăng ký trong năm", 80),
    C("1.a", "Công tác quản lý đất đai", 30),
    C("1.a.a1", "Triển khai kịp thời, đầy đủ Luật Đất đai 2013 và các văn bản hướng dẫn; phối hợp với Sở "
                "tuyên truyền pháp luật đất đai", 3),
    C("1.a.a2", "Hoàn thành lập, điều chỉnh quy hoạch, kế hoạch sử dụng đất cấp huyện; công bố công khai sau "
                "khi được phê duyệt", 3),
    C("1.a.a3", "Hoàn thành thống kê, kiểm kê đất đai", 3),
    C("1.a.a4", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu cho hộ gia đình, cá nhân đủ 3 yêu cầu", 3.5),
    C("1.a.a5", "Hoàn thành danh mục công trình, dự án phải thu hồi đất, phải chuyển mục đích sử dụng đất "
                "trồng lúa, đất rừng phòng hộ", 3),
    C("1.a.a6", "Giao đất, cho thuê đất, thu hồi đất, cho chuyển mục đích sử dụng đất đúng quy định, đúng "
                "thẩm quyền", 3),
    C("1.a.a7", "Thống kê đầy đủ và quản lý tốt đất công", 3),
    C("1.a.a8", "Nộp báo cáo định kỳ và theo yêu cầu về đất đai, đo đạc bản đồ đúng hạn, đúng nội dung, "
                "đúng mẫu", 3.5),
    C("1.a.a9", "Thẩm định bồi thường, giải phóng mặt bằng; tham gia xây dựng bảng giá đất, định giá đất", 5),
    C("1.b", "Quản lý tài nguyên nước, khoáng sản, khí tượng thủy văn và biển", 15),
    C("1.b.b1", "Thống kê, cập nhật đủ số lượng, thông tin giếng khoan thuộc diện phải cấp phép khai thác "
                "nước", 2),
    C("1.b.b2", "Phối hợp với cấp tỉnh quản lý nhà nước về tài nguyên nước, khoáng sản, khí tượng thủy văn, "
                "biển", 5),
    C("1.b.b3", "Có giải pháp nhắc nhở, đôn đốc tổ chức, cá nhân thuộc diện cấp phép nộp hồ sơ đúng quy "
                "định", 3),
    C("1.b.b4", "Tổ chức đăng ký, xác nhận tờ khai khai thác nước dưới đất đúng quy định", 5),
    C("1.C", "Thực hiện các chỉ tiêu môi trường", 25),
    C("1.C.C1", "Chất thải rắn đô thị được thu gom, xử lý đạt trên 98%", 5, levels=[5, 4, 3, 0]),
    C("1.C.C2", "Cơ sở sản xuất, kinh doanh, dịch vụ xử lý chất thải đạt chuẩn môi trường trên 90%", 5,
      levels=[5, 4, 3, 0]),
    C("1.C.C3", "Thu gom, vận chuyển, xử lý bao gói thuốc bảo vệ thực vật sau sử dụng", 5),
    C("1.C.C3.1", "Tham mưu huyện chỉ đạo cấp xã lập kế hoạch tuyên truyền thu gom bao gói", 2, label="C3.1"),
    C("1.C.C3.2", "Tổ chức thu gom, chuyển giao cho đơn vị có chức năng xử lý ít nhất 2 lần/năm", 3,
      label="C3.2"),
    C("1.C.C4", "Thực hiện kế hoạch bảo vệ môi trường nông thôn của Ủy ban nhân dân tỉnh", 4),
    C("1.C.C4.1", "Có giải pháp và tổ chức cải thiện kênh, rạch bị ô nhiễm", 2, levels=[2, 0], label="C4.1"),
    C("1.C.C4.2", "Triển khai mô hình thu gom rác thải nhựa ở 100% xã, phường, thị trấn", 2, levels=[2, 0],
      label="C4.2"),
    C("1.C.C5", "Bảo vệ môi trường trong xây dựng nông thôn mới", 5),
    C("1.C.C5.1", "Có hướng dẫn và kế hoạch kiểm tra các xã duy trì, nâng chất tiêu chí môi trường", 1,
      label="C5.1"),
    C("1.C.C5.2", "Các xã có kế hoạch duy trì, nâng chất tiêu chí môi trường", 1, label="C5.2"),
    C("1.C.C5.3", "Có báo cáo duy trì, nâng chất tiêu chí môi trường, so sánh với năm trước", 3, label="C5.3"),
    C("1.C.C6", "Báo cáo tổng hợp 05 chỉ tiêu môi trường gửi Sở trước 5 ngày tổ chức chấm", 1),
    C("1.d", "Thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo về tài nguyên và môi trường", 10),
    C("1.d.d1", "Thực hiện chỉ tiêu kế hoạch thanh tra, kiểm tra hằng năm", 3),
    C("1.d.d2", "Giải quyết khiếu nại, tố cáo, phản ánh về tài nguyên và môi trường", 7),
    C("2", "Xây dựng, nâng cao chất lượng đội ngũ công chức, viên chức", 2),
    C("2.1", "Chấp hành tốt nội quy, quy chế cơ quan", 1, label="2.1"),
    C("2.2", "Báo cáo, thống kê về công chức, viên chức đúng nội dung, thời hạn, biểu mẫu", 1, label="2.2"),
    C("3", "Cải cách hành chính", 10),
    C("3.1", "Xây dựng kế hoạch cải cách hành chính", 2, label="3.1"),
    C("3.2", "Phát động chuyên đề thi đua cải cách hành chính", 2, label="3.2"),
    C("3.3", "Giải quyết tốt thủ tục hành chính, kiểm tra qua sổ tiếp nhận và một cửa điện tử", 6, label="3.3"),
    C("4", "Công tác thi đua, khen thưởng", 3),
    C("4.1", "Ban hành văn bản phát động thi đua của ngành trong tháng 1", 1, label="4.1"),
    C("4.2", "Tham gia đủ các phong trào do Sở tổ chức", 0.5, label="4.2"),
    C("4.3", "Tích cực viết bài, đưa tin hoạt động gửi Sở", 1.5, label="4.3"),
    C("5", "Chế độ báo cáo tổng hợp, phối hợp nhiệm vụ chung", 5),
    C("5.a", "Gửi báo cáo định kỳ, đột xuất đúng mẫu, đúng hạn", 2, label="-"),
    C("5.b", "Phối hợp thực hiện nhiệm vụ chung đầy đủ, đúng nội dung, đúng hạn", 3, label="-"),
    C("TH", "Điểm thưởng", 9.5, kind="bonus"),
    C("TH.1", "Lũy tiến cấp giấy chứng nhận cho hộ gia đình, cá nhân đạt từ 99,0% diện tích", 1, label="a4.2.1"),
    C("TH.2", "Đạt từ 99,0% cho hộ gia đình, cá nhân đồng thời lũy tiến toàn địa bàn đạt từ 95,0%", 2,
      label="a4.2.2"),
    C("TH.3", "Tự phát hiện giếng khoan trái phép và xử lý đúng quy định (0,5 điểm/giếng)", 1, label="b2.1"),
    C("TH.4", "Tham mưu và hoàn thành đúng tiến độ kế hoạch kiểm tra chấp hành pháp luật tài nguyên nước",
      0.5, label="b.2.5"),
    C("TH.5", "100% công trình khai thác nước, giao khu vực biển được cấp phép đúng quy định", 0.5, label="b3.1"),
    C("TH.6", "100% cấp xã thu gom bao gói thuốc bảo vệ thực vật nhiều hơn 2 lần/năm", 1, label="C3.3"),
    C("TH.7", "Vận động đương sự tự nguyện rút đơn khiếu nại, tố cáo", 2, label="d2.3"),
    C("TH.8", "Có phát động thi đua cải cách hành chính bằng văn bản", 0.5, label="3.2.1"),
    C("TH.9", "Bài viết được đăng Bản tin Tài nguyên và Môi trường (0,2 điểm/bài)", 1, label="4.3.1"),
    C("TR", "Điểm trừ", 10, kind="deduction"),
    C("TR.1", "Mỗi việc không triển khai hoặc triển khai chậm so với kế hoạch (trừ 0,5 điểm/việc)", 1.5,
      label="a1.1"),
    C("TR.2", "Mỗi trường hợp chậm lập, chậm điều chỉnh quy hoạch, kế hoạch sử dụng đất (trừ 1 điểm)", 2,
      label="a2.1"),
    C("TR.3", "Mỗi loại báo cáo về đất đai không đạt chất lượng hoặc không đúng hạn (trừ 0,5 điểm)", 2,
      label="a.8.1"),
    C("TR.4", "Để Sở phát hiện giếng khoan trái phép trên địa bàn (trừ 0,5 điểm/giếng)", 1, label="b2.2"),
    C("TR.5", "Mỗi trường hợp giải quyết khiếu nại, tố cáo không bảo đảm thời gian hoặc sai quy định "
              "(trừ 1 điểm)", 7, label="d2.1"),
    C("TR.6", "Mỗi báo cáo gửi trễ (trừ 0,5 điểm)", 2, label="5.1"),
    C("TR.7", "Phối hợp thực hiện nhiệm vụ chung trễ (trừ 0,5 điểm/nhiệm vụ)", 3, label="5.3"),
]

AWARDS = [
    dict(name="Cờ thi đua của Ủy ban nhân dân tỉnh", count=1, min_total=D(100), no_deduction=True),
    dict(name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", share=D("0.5"), min_total=D(95)),
]

TOML = rules_toml(
    "Quy định chấm điểm thi đua năm 2022 — Khối thi đua ngành Tài nguyên và Môi trường tỉnh Tiền Giang\n"
    "(các Phòng Tài nguyên và Môi trường cấp huyện). Bộ dữ liệu kiểm thử của thidua (tests/corpus).\n"
    "Tiêu chí và điểm chuẩn theo Bảng điểm chuẩn của Sở TN&MT Tiền Giang năm 2022; điểm thưởng là cột\n"
    "\"Thưởng\" của bảng (tối đa 9,5 = tổng các dòng), điểm trừ là các dòng trừ với mức \"không quá\" của\n"
    "bảng (tối đa 10 điểm do bộ dữ liệu đặt). Khen thưởng: giả định.",
    dict(name="Khối thi đua ngành Tài nguyên và Môi trường", year=2022, period="annual",
         province="Tiền Giang", scale=100),
    UNITS, CRITERIA, AWARDS, ["1", "2", "3", "4", "5"],
    section_comments={"TH": "Điểm thưởng (cột \"Thưởng\" của bảng điểm chuẩn)",
                      "TR": "Điểm trừ (các dòng trừ, mức trừ tối đa theo ghi chú \"không quá\")"},
)

SCORE_LEAVES_TEXT = {
    # a1 … a9 | b1 … b4 | C1 C2 C3.1 C3.2 C4.1 C4.2 C5.1 C5.2 C5.3 C6 | d1 d2 | 2.1 2.2 | 3.1 3.2 3.3
    # | 4.1 4.2 4.3 | the two "-" lines of standard 5
    "TXCAILAY": "3 3 3 3.5 3 2.5 3 3.5 5  2 5 3 4.5  5 5 2 3 2 2 1 1 3 1  3 7  1 1  2 2 6  1 0.5 1.5  2 3",
    "MYTHO": "3 3 3 3 3 3 2.5 3.5 4.5  2 4.5 3 5  5 4 2 3 2 2 1 1 2.5 1  3 6  1 1  2 2 5.5  1 0.5 1.5  2 2.5",
    "CAIBE": "3 3 3 3.5 3 3 3 3 5  2 5 2.5 5  4 5 2 3 2 0 1 1 3 1  3 7  1 1  2 2 6  1 0.5 1.5  2 3",
    "CHAUTHANH": "3 3 3 3 3 3 3 3 4.5  2 5 3 5  5 5 2 3 2 2 1 1 3 1  3 6.5  1 1  2 2 6  1 0.5 1.5  2 3",
    "CHOGAO": "3 3 3 4 3 3 3 3 5  2 4.5 _ 4.5  4 4 2 3 2 2 1 1 3 1  3 6  1 1  2 2 5.5  1 0.5 1  2 2.5",
    "GOCONG": "3 3 3 3.5 3 3 3 3 4.5  2 4.5 3 5  5 4 2 3 2 2 1 1 3 1  3 7  1 1  2 2 6  1 0.5 1.5  2 3",
    "GOCONG-1": "3 3 3 3.5 3 3 3 3 6  2 4.5 3 5  5 4.5 2 3 2 2 1 1 3 1  3 7  1 1  2 2 6  1 0.5 1.5  2 3",
}

BASIS = {  # "Căn cứ chấm điểm" rows of the document
    "1.a.a4": "Căn cứ chấm điểm: báo cáo kết quả cấp giấy chứng nhận lần đầu; danh sách thửa đất chưa đăng ký.",
    "1.C.C1": "Căn cứ chấm điểm: văn bản triển khai của huyện; số hộ được thu gom trên tổng số hộ.",
    "1.d.d2": "Căn cứ chấm điểm: sổ theo dõi đơn thư; các quyết định giải quyết khiếu nại, tố cáo trong năm.",
}


def bloc() -> Bloc:
    b = Bloc(ID, "g01", TOML)
    codes = leaves(b)

    def values(key, bonus=None, deduction=None):
        v = typed(codes, SCORE_LEAVES_TEXT[key])
        v.update({c: D(x) for c, x in (bonus or {}).items()})
        v.update({c: D(x) for c, x in (deduction or {}).items()})
        return v

    omit_b3 = typed(codes, SCORE_LEAVES_TEXT["CHOGAO"])
    omit_b3.pop("1.b.b3")
    b.subs = [
        Sub("Phòng TNMT thị xã Cai Lậy - Bảng tự chấm điểm thi đua 2022.xlsx", "TXCAILAY", "openpyxl",
            layout_doc, saved="2022-12-02T09:15:00",
            self=values("TXCAILAY", {"TH.1": 1, "TH.3": 1, "TH.6": 1, "TH.8": 0.5, "TH.9": "0.6"}),
            texts={"note": {
                "1.a.a4": "Lũy tiến đạt 99,2% diện tích",
                "1.b.b4": "Còn 01 tờ khai chưa xác nhận",
                "1.C.C1": "Tỷ lệ thu gom 98,6%",
                "1.a.a6": "01 trường hợp đính chính chậm",
                "TH.1": "Báo cáo số 403/BC-PTNMT",
                "TH.9": "03 bài được đăng Bản tin",
            }},
            features=["two-row header ĐIỂM over Chuẩn | Tự chấm", "section title merged across STT and title",
                      "labels a, b, C, d, a1, C3.1, -", "Tổng cộng line under the header and at the end",
                      "Căn cứ chấm điểm rows", "bonus/deduction table below with its header repeated",
                      "TỔNG ĐIỂM (Tổng cộng + Điểm thưởng - Điểm trừ)", "total above 100", "Ghi chú texts"]),
        Sub("TNMT Mỹ Tho tự chấm 2022.ods", "MYTHO", "lo-ods", layout_mytho, saved="2022-12-01T16:40:00",
            formulas=True,
            self=values("MYTHO", {"TH.2": 2, "TH.7": 1}, {"TR.6": "-0.5", "TR.7": "-0.5"}),
            texts={"note": {"1.a.a9": "Chậm 01 báo cáo bồi thường", "TR.6": "Trễ 01 báo cáo quý III",
                            "TR.7": "Trễ 01 nhiệm vụ phối hợp", "TH.7": "01 đơn khiếu nại được rút"}},
            features=["score column Điểm đơn vị tự chấm", "maxima inside titles (điểm chuẩn 3 điểm)",
                      "labels b. and d. with a dot", "subtotals after their children (Cộng tiêu chuẩn)",
                      "subtotals as formulas saved by LibreOffice", "bonus/deduction on a sheet of their own",
                      "deductions typed as negatives"]),
        Sub("Bang tu cham diem 2022 - Phong TNMT Cai Be.xls", "CAIBE", "xlwt", layout_caibe, encoding="tcvn3",
            self=values("CAIBE", {"TH.4": 0.5, "TH.5": 0.5}),
            wraps={"1.a.a4": "merged", "1.C.C3": "merged"},
            infos=[Expect("legacy-encoding", "info")],
            features=["TCVN3 (.VnTime, .VnTimeH headings) written by xlwt", "Ghi chú header alone in an empty column",
                      "two-row header ĐIỂM over Chuẩn | Tự chấm", "numbering row (1)…(5)",
                      "maxima typed as text (3,5 điểm)", "titles wrapped over two rows, label and scores merged down",
                      "bonus and deduction lines in the same table"]),
        Sub("Phòng TN&MT Châu Thành - bảng tự chấm 2022 (Unicode).xlsx", "CHAUTHANH", "thidua", layout_plain,
            encoding="tcvn3", saved="2022-12-03T10:05:00",
            self=values("CHAUTHANH", {"TH.1": 1, "TH.9": 1}, {"TR.1": "0.5"}),
            texts={"note": {"1.a.a4": "Đạt 98,9% diện tích", "1.a.a9": "Chậm 01 góp ý bảng giá đất",
                            "1.d.d2": "01 đơn giải quyết quá hạn", "TR.1": "Chậm triển khai 01 kế hoạch"}},
            opts=dict(section_span=True),
            features=["written by thidua convert from a TCVN3 .xls (the unit's cleaned copy)",
                      "section title merged across STT and title", "bonus and deduction sections inline",
                      "Tổng cộng, Điểm thưởng, Điểm trừ, Tổng điểm lines"]),
        Sub("Cho Gao - tu cham thi dua 2022.xlsx", "CHOGAO", "openpyxl", layout_plain, saved="2022-12-04T08:30:00",
            self=omit_b3, omit={"1.b.b3"}, renumber=True,
            texts={"note": {"1.a.a4": "Vượt chỉ tiêu cấp giấy"}},
            mistakes=[Expect("score-over-max", "error", ("self", "1.a.a4"), "1.a.a4"),
                      Expect("missing-criterion", "error", None, "1.b.b3")],
            infos=[Expect("row-renumbered", "info")],
            features=["a row deleted and the rest renumbered (b4 shown as b3)", "score over its maximum"]),
        Sub("Phòng TN&MT thị xã Gò Công - tự chấm 2022.xlsx", "GOCONG", "openpyxl", layout_plain,
            saved="2022-11-21T14:00:00", self=values("GOCONG-1", {"TH.7": "1.5"}),
            features=["first version, replaced by a later corrected file (not used)"]),
        Sub("Phòng TN&MT thị xã Gò Công - tự chấm 2022 - bản sửa lần 2.xlsx", "GOCONG", "openpyxl", layout_plain,
            saved="2022-11-28T10:20:00", self=values("GOCONG", {"TH.7": "1.5"}),
            texts={"note": {"TH.7": "Vận động rút 02 đơn"}},
            features=["corrected version (bản sửa lần 2) saved later: the one used"]),
    ]
    return b


# --------------------------------------------------------------------------- forms

def _label(b: Bloc, dots=False):
    def label(code):
        c = b.tree.by_code[code]
        lab = c.get("label", code.split(".")[-1])
        if code in ("TH", "TR"):
            return None
        if dots and code in ("1.b", "1.d"):
            return lab + "."
        return lab
    return label


def _title(b: Bloc, max_in_title=False):
    def title(code):
        c = b.tree.by_code[code]
        if code in ("TH", "TR"):
            return {"TH": "ĐIỂM THƯỞNG", "TR": "ĐIỂM TRỪ"}[code]
        if b.tree.parent_of(code) is None:
            return f"Tiêu chuẩn {code}: {c['title']}"
        if max_in_title and code.startswith("1.a."):
            return f"{c['title']} (điểm chuẩn {number_text(c['max'])} điểm)"
        return c["title"]
    return title


def _max(b: Bloc, text_decimals=False):
    def mx(code):
        m = D(b.tree.by_code[code]["max"])
        if text_decimals and m != m.to_integral_value():
            return f"{number_text(m)} điểm"
        return m
    return mx


def _heading(b: Bloc, sub: Sub, district: str, place: str, day: str) -> dict:
    unit = b.units[sub.unit]["name"]
    return dict(left=[f"UBND {district.upper()}", "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG"],
                right=["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
                date=f"{place}, ngày {day} tháng 12 năm 2022",
                title="BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM {year}",
                subtitles=["Khối thi đua ngành Tài nguyên và Môi trường tỉnh Tiền Giang"],
                unit_line=f"Đơn vị: {unit}", signer=["TRƯỞNG PHÒNG", "(Ký, ghi rõ họ tên, đóng dấu)"])


def _bonus_style(b: Bloc, label, title, mx, roles):
    return Style(label=label, title=title, max_cell=mx, section_span=("stt", "title") if "stt" in roles else None)


def layout_doc(b: Bloc, sub: Sub):
    """The department's own table (TX Cai Lậy): ĐIỂM over Chuẩn | Tự chấm; Tổng cộng under the header."""
    cols = [col("stt", "STT", 6), col("title", "TIÊU CHUẨN THI ĐUA", 62), col("max", "Chuẩn", 8, top="ĐIỂM"),
            col("self", "Tự chấm", 8, top="ĐIỂM"), col("note", "Ghi chú", 24)]
    roles = tuple(c.role for c in cols)
    style = Style(label=_label(b), title=_title(b), max_cell=_max(b), section_span=("stt", "title"),
                  after={k: [text_row(v)] for k, v in BASIS.items()})
    h = _heading(b, sub, "thị xã Cai Lậy", "Cai Lậy", "02")
    form = Form(sheet="Bảng điểm", cols=cols, style=style, num_fmt="0.0#", signer_name="Nguyễn Văn Thắng",
                top_lines=[line_row("Tổng cộng", "top", "score", roles, D(100), span=("stt", "title"))],
                score_lines=[line_row("Tổng cộng", "score", "score", roles, D(100), span=("stt", "title"))],
                bonus="table", bonus_title="ĐIỂM THƯỞNG, ĐIỂM TRỪ",
                end_lines=[line_row("TỔNG ĐIỂM (Tổng cộng + Điểm thưởng - Điểm trừ)", "total", "total", roles,
                                    span=("stt", "title"))],
                **h)
    return build(b, sub, form)


def layout_mytho(b: Bloc, sub: Sub):
    """Mỹ Tho (.ods): maxima in titles, subtotals after the standards, bonus and deduction sheet."""
    cols = [col("stt", "STT", 6), col("title", "Tiêu chuẩn thi đua", 62), col("max", "Điểm chuẩn", 9),
            col("self", "Điểm đơn vị tự chấm", 11), col("note", "Ghi chú", 24)]
    style = Style(label=_label(b, dots=True), title=_title(b, max_in_title=True), max_cell=_max(b),
                  subtotal=lambda code: "after" if "." not in code and code not in ("TH", "TR") else "own",
                  after_title=lambda code: f"Cộng tiêu chuẩn {code}")
    roles = tuple(c.role for c in cols)
    h = _heading(b, sub, "thành phố Mỹ Tho", "Mỹ Tho", "01")
    form = Form(sheet="Tự chấm 2022", cols=cols, style=style, signer_name="Lê Thị Kim Loan",
                score_lines=[line_row("Tổng cộng", "score", "score", roles, D(100))],
                bonus="sheet", bonus_title="ĐIỂM THƯỞNG, ĐIỂM TRỪ NĂM 2022",
                **h)
    return build(b, sub, form)


def layout_caibe(b: Bloc, sub: Sub):
    """Cái Bè (TCVN3 .xls): ĐIỂM over Chuẩn | Tự chấm with a numbering row, an empty Ghi chú column."""
    cols = [col("stt", "STT", 6), col("title", "Tiêu chuẩn thi đua", 60), col("max", "Chuẩn", 9, top="ĐIỂM"),
            col("self", "Tự chấm", 8, top="ĐIỂM"), col("note", "Ghi chú", 14)]
    roles = tuple(c.role for c in cols)
    style = Style(label=_label(b), title=_title(b), max_cell=_max(b, text_decimals=True))
    h = _heading(b, sub, "huyện Cái Bè", "Cái Bè", "05")
    form = Form(sheet="Sheet1", cols=cols, style=style, numbering=True, signer_name="Trần Văn Hùng",
                score_lines=[line_row("Tổng cộng", "score", "score", roles, D(100))],
                end_lines=[line_row("Tổng điểm", "total", "total", roles)],
                **h)
    return build(b, sub, form)


def layout_plain(b: Bloc, sub: Sub):
    """A plain one-row header, bonus and deduction sections inline, the usual four summary lines."""
    cols = [col("stt", "STT", 6), col("title", "Tiêu chuẩn thi đua", 62), col("max", "Điểm chuẩn", 9),
            col("self", "Điểm tự chấm", 9), col("note", "Ghi chú", 24)]
    roles = tuple(c.role for c in cols)
    span = ("stt", "title") if sub.opts.get("section_span") else None
    style = Style(label=_label(b), title=_title(b), max_cell=_max(b), section_span=span)
    place = {"CHAUTHANH": ("huyện Châu Thành", "Châu Thành", "03"), "CHOGAO": ("huyện Chợ Gạo", "Chợ Gạo", "04"),
             "GOCONG": ("thị xã Gò Công", "Gò Công", "28")}[sub.unit]
    h = _heading(b, sub, *place)
    form = Form(sheet="Bảng tự chấm", cols=cols, style=style, signer_name="Phạm Hoàng Minh",
                score_lines=[line_row("Tổng cộng", "score", "score", roles, D(100))],
                end_lines=[line_row("Điểm thưởng", "bonus", "bonus", roles),
                           line_row("Điểm trừ", "deduction", "deduction", roles),
                           line_row("Tổng điểm", "total", "total", roles)],
                **h)
    return build(b, sub, form)


__all__ = ["bloc", "DOC", "ID", "Line"]
