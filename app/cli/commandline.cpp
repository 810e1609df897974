#include "commandline.h"

#include <QHash>
#include <QSet>

namespace atelier::cli {

namespace {

const QStringList kGlobalOptions{QStringLiteral("data-dir"), QStringLiteral("library-dir"),
                                 QStringLiteral("profile"),  QStringLiteral("json"),
                                 QStringLiteral("help"),     QStringLiteral("version")};

const QStringList kRequestOptions{
    QStringLiteral("model"),         QStringLiteral("aspect"),        QStringLiteral("size"),
    QStringLiteral("quality"),       QStringLiteral("style"),         QStringLiteral("n"),
    QStringLiteral("custom-prompt"), QStringLiteral("product-image"), QStringLiteral("model-image"),
    QStringLiteral("mask"),          QStringLiteral("param"),         QStringLiteral("wait"),
    QStringLiteral("priority")};

const QHash<QString, QStringList> &commandOptions()
{
    static const QHash<QString, QStringList> options{
        {QStringLiteral("generate"), kRequestOptions},
        {QStringLiteral("batch"), kRequestOptions},
        {QStringLiteral("status"), {QStringLiteral("follow")}},
        {QStringLiteral("cancel"), {}},
        {QStringLiteral("retry"), {QStringLiteral("wait")}},
        {QStringLiteral("more"),
         {QStringLiteral("count"), QStringLiteral("wait"), QStringLiteral("priority")}},
        {QStringLiteral("history"),
         {QStringLiteral("status"), QStringLiteral("model"), QStringLiteral("search"), QStringLiteral("from"),
          QStringLiteral("to"), QStringLiteral("limit"), QStringLiteral("offset"),
          QStringLiteral("oldest-first"), QStringLiteral("favorite"), QStringLiteral("rating"),
          QStringLiteral("tag"), QStringLiteral("board")}},
        {QStringLiteral("rate"), {}},
        {QStringLiteral("favorite"), {}},
        {QStringLiteral("unfavorite"), {}},
        {QStringLiteral("tag"), {QStringLiteral("add"), QStringLiteral("remove")}},
        {QStringLiteral("tags"), {}},
        {QStringLiteral("boards"), {}},
        {QStringLiteral("delete"), {QStringLiteral("forever"), QStringLiteral("yes")}},
        {QStringLiteral("trash"), {QStringLiteral("cloud"), QStringLiteral("yes")}},
        {QStringLiteral("stats"),
         {QStringLiteral("by"), QStringLiteral("since"), QStringLiteral("until"), QStringLiteral("format")}},
        {QStringLiteral("queue"),
         {QStringLiteral("follow"), QStringLiteral("top"), QStringLiteral("bottom"), QStringLiteral("before"),
          QStringLiteral("yes")}},
        {QStringLiteral("profiles"), {QStringLiteral("note")}},
        {QStringLiteral("run"), {QStringLiteral("follow")}},
        {QStringLiteral("upload"), {}},
        {QStringLiteral("export"),
         {QStringLiteral("output"), QStringLiteral("embed-parameters"), QStringLiteral("no-sidecars"),
          QStringLiteral("overwrite"), QStringLiteral("history"), QStringLiteral("format"),
          QStringLiteral("status"), QStringLiteral("model"), QStringLiteral("search"), QStringLiteral("from"),
          QStringLiteral("to"), QStringLiteral("oldest-first"), QStringLiteral("favorite"),
          QStringLiteral("rating"), QStringLiteral("tag"), QStringLiteral("board")}},
        {QStringLiteral("import"), {QStringLiteral("recursive")}},
        {QStringLiteral("config"), {}},
        {QStringLiteral("key"), {}},
        {QStringLiteral("help"), {}},
    };
    return options;
}

} // namespace

CommandLine::CommandLine()
{
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const auto valued = [this](const char *name, const char *valueName) {
        m_parser.addOption(
            QCommandLineOption(QString::fromLatin1(name), QString(), QString::fromLatin1(valueName)));
    };
    const auto flag = [this](const char *name) {
        m_parser.addOption(QCommandLineOption(QString::fromLatin1(name)));
    };
    valued("data-dir", "dir");
    valued("library-dir", "dir");
    valued("profile", "name");
    flag("json");
    m_parser.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}));
    flag("version");
    valued("model", "id");
    valued("aspect", "ratio");
    valued("size", "WxH");
    valued("quality", "quality");
    valued("style", "style");
    valued("n", "count");
    valued("count", "number");
    valued("custom-prompt", "text");
    valued("product-image", "file");
    valued("model-image", "file");
    valued("mask", "file");
    valued("param", "key=value");
    flag("wait");
    valued("status", "status");
    valued("search", "words");
    valued("from", "date");
    valued("to", "date");
    valued("limit", "count");
    valued("offset", "count");
    flag("oldest-first");
    valued("note", "text");
    valued("output", "path");
    flag("embed-parameters");
    flag("no-sidecars");
    flag("overwrite");
    flag("history");
    valued("format", "csv|json");
    flag("recursive");
    flag("follow");
    valued("priority", "high|normal|low");
    flag("top");
    flag("bottom");
    valued("before", "id");
    flag("yes");
    valued("by", "model|day");
    valued("since", "date");
    valued("until", "date");
    flag("favorite");
    flag("forever");
    flag("cloud");
    valued("rating", "stars");
    valued("tag", "tag");
    valued("board", "name");
    valued("add", "tags");
    valued("remove", "tags");
}

bool CommandLine::parse(const QStringList &arguments, QString *error)
{
    if (!m_parser.parse(arguments)) {
        *error = m_parser.errorText();
        return false;
    }
    QStringList positional = m_parser.positionalArguments();
    if (positional.isEmpty()) {
        m_command = isSet(QStringLiteral("version")) ? QStringLiteral("version") : QStringLiteral("help");
        return true;
    }
    m_command = positional.takeFirst();
    m_arguments = positional;
    if (isSet(QStringLiteral("help")))
        m_command = QStringLiteral("help");
    const auto found = commandOptions().constFind(m_command);
    if (found == commandOptions().cend()) {
        *error = QStringLiteral("unknown command '%1'.").arg(m_command);
        return false;
    }
    for (const QString &name : m_parser.optionNames()) {
        const QString longName = name == QLatin1String("h") ? QStringLiteral("help") : name;
        if (!kGlobalOptions.contains(longName) && !found->contains(longName)) {
            *error = QStringLiteral("'%1' takes no option --%2.").arg(m_command, longName);
            return false;
        }
    }
    return true;
}

QString CommandLine::helpText()
{
    return QStringLiteral(
        R"(Usage: atelier-cli [--data-dir DIR] [--library-dir DIR] [--profile NAME] [--json] COMMAND ...

Commands:
  generate PROMPT     queue a generation
      --model ID --aspect RATIO --size WxH --quality Q --style S --n COUNT
      --custom-prompt TEXT --product-image FILE... --model-image FILE...
      --mask PNG (transparent where the first reference image is edited)
      --param KEY=VALUE... --priority high|normal|low --wait (work through it here, with progress)
  batch FILE|-        queue one generation per line of FILE (or standard input); same options
  status ID [--follow] show one generation and its family (what it came from, its variations);
                      --follow: then each change, in any process, until it ends
  cancel ID           cancel a pending or running generation (tokens are refunded)
  retry ID [--wait]   queue a failed or cancelled generation again
  more ID [--count N] more like this: its settings again as N new generations (1-10, default 1), each
                      with a new seed where the model takes one; --priority high|normal|low --wait
  history             list the profile's generations
      --status S[,S] --model ID --search WORDS --from DATE --to DATE
      --limit N --offset N --oldest-first
      --favorite --rating N (at least N stars) --tag TAG --board NAME
  rate N ID...        give results 1 to 5 stars (0 clears the rating)
  favorite ID... | unfavorite ID...   mark results as favourites, or no longer
  tag ID... --add TAGS --remove TAGS  tags are comma-separated ("client x, hero"), stored in lower case
  tags                the profile's tags, most used first
  boards [list]       the profile's boards (named collections) and how many results are on each
  boards create NAME | rename NAME NEW | delete NAME (its results stay) | add NAME ID... | remove NAME ID...
  delete ID... [--forever [--yes]]   move ended generations to the trash
                      (--forever: erase them and their files now; asks first unless --yes)
  trash [list]        the profile's trash, the last deleted first (erased after trash.days, default 30)
  trash restore ID... | empty [ID...] [--cloud] [--yes]
                      back into the history as they were | erase for good, files and thumbnails
                      (--cloud: their Cloudinary copies too; asks first unless --yes)
  stats               the profile's totals, success rate, time, tokens and popular models
  stats --by model|day [--since DATE] [--until DATE] [--format csv]
                      per model (jobs, success rate, median and 95th-percentile time, retries per job,
                      failures by kind, average cost) or tokens spent per day, over UTC days (default:
                      the last 30), against the balance; as a table, JSON (--json) or CSV
  queue [--follow]    what is pending and running; --follow: then each job queued, started, advancing or
                      ending, in any process (the window, atelier-cli run), until Ctrl+C
  queue pause | resume          the whole queue, in every process (running jobs finish, none start)
  queue pause ID | resume ID    one waiting generation
  queue move ID --top | --bottom | --before ID   its place among the profile's waiting generations
  queue priority ID high|normal|low              high ones start first within the profile
  queue cancel-all [--yes]      cancel every waiting generation of the profile (asks first)
  profiles [list]     list profiles and balances
  profiles create NAME | rename NAME NEW | topup NAME AMOUNT [--note TEXT] | ledger [NAME]
  run [--follow]      work through the queue until it is empty (also what other processes queue meanwhile)
      --follow (a worker: then wait for work that any process queues, until Ctrl+C or SIGTERM;
      a line as each job ends, with --json one JSON object a line)
  export ID... --output DIR|FILE.zip
                      copy the images of completed generations, each with its sidecar (IMAGE.json)
      --embed-parameters (PNG copies carry an AUTOMATIC1111 "parameters" text; a PNG with C2PA stays as is)
      --no-sidecars --overwrite (replace an existing archive; files in a folder are never replaced)
  export --history --output FILE.csv|FILE.json [--format csv|json] [--overwrite]
                      the profile's history, filtered as by history: --status --model --search --from --to
                      --favorite --rating --tag --board
  import FOLDER       add its PNGs that carry parameters or an Atelier sidecar to the history
      --recursive (the folders below too)
  upload ID...        copy completed generations to Cloudinary (again) and print their URLs
  config              show the OpenAI and Cloudinary settings and where each comes from
  config set NAME VALUE | unset NAME
      openai.base-url URL (an OpenAI-compatible server; https, or http on loopback only)
      openai.organization ID, openai.project ID, openai.timeout SECONDS (10-3600, default 600)
      cloudinary.upload on|off (copy every new result), cloudinary.cloud-name NAME,
      cloudinary.api-key KEY, cloudinary.folder PATH, cloudinary.upload-preset NAME,
      cloudinary.tags "ai-generated, {model}", cloudinary.signature sha1|sha256,
      cloudinary.delete-remote on|off (deleting a generation destroys its copy),
      cloudinary.upload-prefix URL (the API address)
      trash.days N (deleted results older than this are erased on start; 0 keeps them until emptied)
  key status [cloudinary]  where the OpenAI API key (or the Cloudinary API secret) comes from; never shown
  key set [cloudinary]     save it, read from standard input, in the system keychain
  key forget [cloudinary]  remove it from the keychain

Models: offline (Offline preview, no AI), dall-e-2, dall-e-3, gpt-image-1, gpt-image-1-mini,
gpt-image-1.5, gpt-image-2. Aspect ratios: 1:1 3:2 2:3 4:3 3:4 16:9 9:16 21:9.
ATELIER_DATA_DIR and ATELIER_LIBRARY_DIR set the folders as --data-dir and --library-dir do.
OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID win over the keychain and settings,
as CLOUDINARY_URL (cloudinary://KEY:SECRET@CLOUD) and CLOUDINARY_UPLOAD_PREFIX do for Cloudinary.
Exit status: 0 done, 1 a generation failed or was cancelled, 2 bad input (nothing changed),
3 storage error, 130 interrupted by Ctrl+C or SIGTERM (running generations went back to the queue,
uncharged; the next run starts them again).)");
}

} // namespace atelier::cli
