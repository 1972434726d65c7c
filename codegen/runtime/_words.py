"""Every word `xt-errors` prints of its own, per language: one table for each.

XT's texts come from the catalog, in both languages; the curated ones (hints,
meanings, products) are read through the functions at the end of
xt_errors._explain. What the command says itself is here and nowhere else:
both tables have the same keys, and each placeholder ({code}, {program}...)
appears in both. Labels (the left column of an explanation) start with
"label ". A Chinese word names a code, an option or a class in ASCII as the
English does, and says the rest in Chinese.
"""

WORDS: dict[str, dict[str, str]] = {
    "en": {
        # The left column of an explanation, in the order of its rows.
        "label other": "中文",
        "label channel": "channel",
        "label retired": "retired",
        "label products": "products",
        "label texts": "per product",
        "label endpoints": "endpoints",
        "label spellings": "also spelled",
        "label observed": "observed",
        "label family": "family",
        "label meaning": "meaning",
        "label retry": "retry",
        "label what to do": "what to do",
        "label catch": "catch",
        "label enum": "enum",
        "label docs": "docs",
        # Where XT sends a code: one channel per kind of table.
        "channel http": "HTTP status",
        "channel rc": "return code (rc)",
        "channel mc": "message code (mc)",
        "channel futures": "futures error code (error.code)",
        "channel websocket": "WebSocket code",
        "channel websocket text": "WebSocket text",
        # Explanations and listings.
        "several": "{value} names {n} codes, one per table: {channels}",
        "yes": "yes, after a pause",
        "no": "no",
        "success": "nothing: this code means success",
        "also": "also caught as",
        "observed": "not on XT's pages; {evidence}",
        "retired": "yes: XT dropped it from its documentation on {date}; XT may still send it",
        "retired tag": "retired {date}",
        "catches": "catches {n} codes:",
        "catches one": "catches 1 code:",
        "catches none": "catches no documented code.",
        "kin": "raised for a code not listed yet; the documented ones (xt_errors.{kin}):",
        "family class": "any code of the {family} family: grouped by XT's naming, not by meaning",
        "unknown family class": "a code of the {family} family that this catalog does not list",
        "matches": "{n} codes match {query}, best first:",
        "matches one": "1 code matches {query}:",
        "same meaning": "meaning the same ({kinds}):",
        "endpoint": "{endpoint}: {n} codes its page lists",
        "endpoint one": "{endpoint}: 1 code its page lists",
        "endpoint none": "{endpoint}: its page lists no code of its own",
        "endpoint general": "and {n} codes every endpoint of {products} can answer with (its general pages):",
        "what to do": "what to do",
        "codes": "codes",
        "added": "added",
        "changed": "changed",
        "removed": "removed",
        "nothing since": "nothing since then",
        "version": "xt-errors {version}, generated from {sources}",
        "separator": ", ",
        # What was pasted, read as what it names.
        "pasted code": "read as the code {code} and its text",
        "pasted traceback": "read as a traceback's last line: xt_errors.{cls}",
        "pasted class": "read as the class xt_errors.{cls}",
        "pasted enum": "read as the enum member {enum}",
        "pasted body": "read as a response body: check() raises xt_errors.{cls} for it (with HTTP status 200)",
        "pasted body ok": "read as a response body: check() returns its result; it reports no error",
        "pasted frame": "read as a WebSocket frame: check_frame() raises xt_errors.{cls} for it",
        "pasted frame ok": "read as a WebSocket frame: check_frame() returns it; it reports no error",
        # Queries that find nothing: never without a suggestion.
        "no match": "no code's text matches {query}; did you mean: {suggestions}? every code: {program} --list",
        "unknown": "unknown code or class {query}; did you mean: {suggestions}?",
        "family": "an {code} sent by XT would raise xt_errors.{cls} (see: {program} {family})",
        "see also": "every code: {program} --list; search the texts: {program} --search {query}",
        "unknown endpoint": "no page of XT's documentation lists the endpoint {endpoint}",
        "close endpoints": "{message}; did you mean: {endpoints}?",
        # Usage: what the command was asked, wrongly.
        "error": "{program}: error: {message}",
        "empty code": "the code is empty",
        "nothing asked": "say what to explain: a code, a class, --search WORDS, --list (--help says more)",
        "bad date": "--since takes a date as YYYY-MM-DD, not {value}",
        "unknown option": "unknown option {option}",
        "ambiguous option": "ambiguous option {option}: it could be {options}",
        "needs a value": "{option} needs a value",
        "needs words": "{option} needs at least one word",
        "takes no value": "{option} takes no value, not {value}",
        "bad language": "--lang is one of {languages}, not {value}",
        "usage": (
            "usage: {program} [CODE | TEXT] [--search WORDS...] [--endpoint PATH] [--since DATE]\n"
            "       [--list] [--kinds] [--json] [--lang en|zh] [--version] [--help]"
        ),
        "help": """\
Explain an XT API response code: its class, meaning, retry advice, what to do and its
entry in the reference; or what you paste.

  CODE | TEXT        a code in any table (AUTH_105, auth105, 429), a class (StaleRequestError;
                     InsufficientFundsError lists the codes it catches), or what you paste:
                     a code with its text, a traceback's last line, a class path, a JSON
                     body or a WebSocket frame (shown with the class check() raises for it)
  --search WORDS...  the codes whose texts match WORDS, in English or Chinese, best first
  --endpoint PATH    the codes an endpoint's page lists ("POST /future/trade/v1/order/create")
  --since DATE       what XT's documentation added, changed or dropped since DATE (YYYY-MM-DD)
  --list             every code
  --kinds            every meaning, with the class that catches it
  --json             print JSON, errors included
  --lang en|zh       the language of XT's texts shown first and of the command's own words
                     (default: XT_ERRORS_LANGUAGE, else en)
  --version          the package and the documentation it was made from
  -h, --help         this help

search: --search WORDS ranks every code by
  1. the code itself, or a class that catches it (InsufficientFundsError);
  2. the words as whole words of an English text of the code, or of its class name;
  3. the words in a Chinese text of the code (余额不足);
  4. the words as part of the code, its class or any text;
  5. the same meaning (kind) as a code whose texts matched by 2 or 3;
  and within a rank, a text that starts with the words, then the shorter text.
A query that names no code and no class exits with status 1 and suggestions, never
none: close codes and classes, codes of the family its prefix names, then the best
matches of a search for it (as JSON on stdout with --json, like every error, a
usage error included). A search nothing matches exits with status 1 too.""",
    },
    "zh": {
        "label other": "英文",
        "label channel": "通道",
        "label retired": "已停用",
        "label products": "产品",
        "label texts": "各产品文本",
        "label endpoints": "接口",
        "label spellings": "其他写法",
        "label observed": "实际响应",
        "label family": "分组",
        "label meaning": "含义",
        "label retry": "可重试",
        "label what to do": "处理建议",
        "label catch": "捕获",
        "label enum": "枚举",
        "label docs": "文档",
        "channel http": "HTTP 状态码",
        "channel rc": "返回码（rc）",
        "channel mc": "消息码（mc）",
        "channel futures": "合约错误码（error.code）",
        "channel websocket": "WebSocket 代码",
        "channel websocket text": "WebSocket 文本",
        "several": "{value} 对应 {n} 个代码，每个表一个：{channels}",
        "yes": "是，稍候再试",
        "no": "否",
        "success": "无：此代码表示成功",
        "also": "亦可捕获为",
        "observed": "XT 的文档未列出；{evidence}",
        "retired": "是：XT 已于 {date} 从文档中删除此代码；XT 仍可能返回它",
        "retired tag": "已停用 {date}",
        "catches": "捕获 {n} 个代码：",
        "catches one": "捕获 1 个代码：",
        "catches none": "不捕获任何已记录的代码。",
        "kin": "用于尚未列出的代码；已记录的代码（xt_errors.{kin}）：",
        "family class": "{family} 分组的任意代码：按 XT 的命名归组，而非按含义",
        "unknown family class": "本目录未列出的 {family} 分组代码",
        "matches": "{n} 个代码匹配 {query}，按相关度排列：",
        "matches one": "1 个代码匹配 {query}：",
        "same meaning": "含义相同（{kinds}）：",
        "endpoint": "{endpoint}：其页面列出 {n} 个代码",
        "endpoint one": "{endpoint}：其页面列出 1 个代码",
        "endpoint none": "{endpoint}：其页面未列出自己的代码",
        "endpoint general": "另有 {n} 个代码，{products} 的每个接口都可能返回（见其通用页面）：",
        "what to do": "处理建议",
        "codes": "代码",
        "added": "新增",
        "changed": "修改",
        "removed": "删除",
        "nothing since": "此后没有变化",
        "version": "xt-errors {version}，生成自 {sources}",
        "separator": "、",
        "pasted code": "读作代码 {code} 及其文本",
        "pasted traceback": "读作异常回溯的最后一行：xt_errors.{cls}",
        "pasted class": "读作类 xt_errors.{cls}",
        "pasted enum": "读作枚举成员 {enum}",
        "pasted body": "读作响应体：check() 对它抛出 xt_errors.{cls}（按 HTTP 状态码 200）",
        "pasted body ok": "读作响应体：check() 返回其结果；它不表示错误",
        "pasted frame": "读作 WebSocket 消息：check_frame() 对它抛出 xt_errors.{cls}",
        "pasted frame ok": "读作 WebSocket 消息：check_frame() 原样返回它；它不表示错误",
        "no match": "没有代码的文本匹配 {query}；您是否要找：{suggestions}？所有代码：{program} --list",
        "unknown": "未知的代码或类 {query}；您是否要找：{suggestions}？",
        "family": "XT 返回 {code} 时将抛出 xt_errors.{cls}（参见：{program} {family}）",
        "see also": "所有代码：{program} --list；搜索文本：{program} --search {query}",
        "unknown endpoint": "XT 的文档中没有页面列出接口 {endpoint}",
        "close endpoints": "{message}；您是否要找：{endpoints}？",
        "error": "{program}：错误：{message}",
        "empty code": "代码为空",
        "nothing asked": "请说明要解释什么：代码、类、--search 词、--list（--help 有详细说明）",
        "bad date": "--since 需要 YYYY-MM-DD 格式的日期，而不是 {value}",
        "unknown option": "未知的选项 {option}",
        "ambiguous option": "选项 {option} 有歧义：可能是 {options}",
        "needs a value": "{option} 需要一个值",
        "needs words": "{option} 至少需要一个词",
        "takes no value": "{option} 不接受值，而给出了 {value}",
        "bad language": "--lang 只能是 {languages} 之一，而不是 {value}",
        "usage": (
            "用法：{program} [代码 | 文本] [--search 词...] [--endpoint 路径] [--since 日期]\n"
            "      [--list] [--kinds] [--json] [--lang en|zh] [--version] [--help]"
        ),
        "help": """\
解释 XT API 的响应码：它的类、含义、是否可重试、处理建议和参考条目；也解释您粘贴的内容。

  代码 | 文本        任一表中的代码（AUTH_105、auth105、429），类（StaleRequestError；
                     InsufficientFundsError 列出它捕获的代码），或您粘贴的内容：
                     带文本的代码、异常回溯的最后一行、类路径、JSON 响应体或
                     WebSocket 消息（并给出 check() 对它抛出的类）
  --search 词...     文本与这些词匹配的代码，中英文均可，按相关度排列
  --endpoint 路径    接口页面列出的代码（"POST /future/trade/v1/order/create"）
  --since 日期       自该日期（YYYY-MM-DD）以来 XT 文档新增、修改或删除的内容
  --list             所有代码
  --kinds            所有含义，以及捕获它们的类
  --json             以 JSON 输出，错误也不例外
  --lang en|zh       优先显示的 XT 文本的语言，以及本命令自身用语的语言
                     （默认：XT_ERRORS_LANGUAGE，否则为 en）
  --version          本包的版本及其生成所依据的文档
  -h, --help         本帮助

搜索：--search 词 按以下顺序排列所有代码：
  1. 代码本身，或捕获它的类（InsufficientFundsError）；
  2. 这些词是代码某个英文文本或其类名中的完整单词；
  3. 这些词出现在代码的中文文本中（余额不足）；
  4. 这些词是代码、类名或任一文本的一部分；
  5. 与按 2 或 3 匹配的代码含义（kind）相同；
  同一等级内，以这些词开头的文本在前，其次是较短的文本。
既不是代码也不是类的查询以状态 1 退出，并总会给出建议：相近的代码和类、
其前缀所指分组的代码，以及搜索它的最佳结果（使用 --json 时以 JSON 输出到
标准输出，与所有错误一样，用法错误也不例外）。没有任何匹配的搜索同样以状态 1 退出。""",
    },
}
