#!/usr/bin/env python3
# Regenerates tests/data/sample.wet and tests/data/truncated.wet (see
# tests/data/README).  Run from the top of the source tree.
import sys
def rec(typ, rid, uri, body, date="2024-02-21T11:53:04Z", extra=None, clen=None):
    b = body.encode()
    h = ["WARC/1.0", "WARC-Type: " + typ]
    if uri: h.append("WARC-Target-URI: " + uri)
    h.append("WARC-Date: " + date)
    h.append("WARC-Record-ID: " + rid)
    if typ == "conversion":
        h.append("WARC-Refers-To: <urn:uuid:0d0e9e0c-7c4a-4b8a-9b1e-2f3a4b5c6d%02d>" % (len(body) % 100))
        h.append("WARC-Block-Digest: sha1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        h.append("WARC-Identified-Content-Language: zho")
        h.append("Content-Type: text/plain")
    else:
        h.append("Content-Type: application/warc-fields")
    if extra: h += extra
    h.append("Content-Length: %d" % (len(b) if clen is None else clen))
    return ("\r\n".join(h) + "\r\n\r\n").encode() + b + b"\r\n\r\n"

info = "Software-Info: ia-web-commons.1.1.10-SNAPSHOT-20231218020226\nExtracted-Date: Wed, 21 Feb 2024 11:53:04 GMT\nrobots: checked via crawler-commons 1.5-SNAPSHOT\nisPartOf: CC-MAIN-2024-10\noperator: Common Crawl Admin (info@commoncrawl.org)\ndescription: Wide crawl of the web for February/March 2024\npublisher: Common Crawl\n"
d1 = "首页 新闻中心 产品展示 联系我们\n春季农业生产全面展开 各地抢抓农时备耕忙\n2024-02-20 来源：农业日报 责任编辑：王明\n连日来，各地抓住有利天气，组织农民开展春耕备耕，田间地头一片繁忙景象。\n农业农村部门派出技术人员深入一线，指导农民科学施肥、合理灌溉。\n版权所有 © 2024 农业日报 京ICP备12345678号"
d2 = "北京 上海 天津 重庆 石家庄 太原 呼和浩特 沈阳 长春 哈尔滨 南京 杭州 合肥 福州 南昌 济南 郑州 武汉 长沙 广州\n如何在家里种植番茄？\n番茄喜欢阳光充足的环境，每天至少需要六到八小时的日照。\n浇水要见干见湿，避免积水导致烂根。"
d3 = "澳门威尼斯人 欧宝体育app 日韩精品人妻系列无码专区\n上一篇：春季养生小常识 下一篇：夏季防暑指南\n返回顶部"
out = rec("warcinfo", "<urn:uuid:4a1b2c3d-0000-4000-8000-000000000001>", None, info, extra=["WARC-Filename: CC-MAIN-20240221000000-20240221030000-00000.warc.wet.gz"])
out += rec("conversion", "<urn:uuid:4a1b2c3d-0000-4000-8000-000000000002>", "http://news.example.cn/agri/2024/0220/123.html", d1)
out += rec("conversion", "<urn:uuid:4a1b2c3d-0000-4000-8000-000000000003>", "https://www.example.com.cn/zhongzhi/fanqie.html", d2)
out += rec("conversion", "<urn:uuid:4a1b2c3d-0000-4000-8000-000000000004>", "http://spam.example.net/index.php?id=7", d3)
open("tests/data/sample.wet", "wb").write(out)

# truncated.wet: record 2 claims 4000 bytes but only its first 60 bytes
# made it; record 3 (complete) follows; record 4 has no Content-Length;
# record 5 has a bad one; record 6 is fine; record 7 is cut by the end of
# the file.
t = rec("warcinfo", "<urn:uuid:5b000000-0000-4000-8000-000000000001>", None, info)
cut = rec("conversion", "<urn:uuid:5b000000-0000-4000-8000-000000000002>", "http://cut.example.cn/a.html", d1, clen=4000)
hdr_end = cut.index(b"\r\n\r\n") + 4
t += cut[:hdr_end + 60] + b"\r\n"
t += rec("conversion", "<urn:uuid:5b000000-0000-4000-8000-000000000003>", "http://ok.example.cn/b.html", d2)
nolen = rec("conversion", "<urn:uuid:5b000000-0000-4000-8000-000000000004>", "http://nolen.example.cn/c.html", d3)
nolen = nolen.replace(b"Content-Length: %d\r\n" % len(d3.encode()), b"")
t += nolen
t += rec("conversion", "<urn:uuid:5b000000-0000-4000-8000-000000000005>", "http://badlen.example.cn/d.html", d3).replace(b"Content-Length: %d" % len(d3.encode()), b"Content-Length: 12ab")
t += rec("conversion", "<urn:uuid:5b000000-0000-4000-8000-000000000006>", "http://ok.example.cn/e.html", d3)
last = rec("conversion", "<urn:uuid:5b000000-0000-4000-8000-000000000007>", "http://end.example.cn/f.html", d2)
t += last[:len(last) - 40]
open("tests/data/truncated.wet", "wb").write(t)
