#include "generationcomparison.h"

#include "choicetext.h"
#include "domain/modelcatalog.h"
#include "durationtext.h"

#include <QLocale>
#include <QSet>

#include <algorithm>
#include <functional>

namespace atelier {

QList<GenerationComparison::Row> GenerationComparison::rows(const QList<Generation> &generations,
                                                            const ModelCatalog &catalog)
{
    QList<Row> rows;
    const auto add = [&rows, &generations](const QString &label,
                                           const std::function<QString(const Generation &)> &value) {
        Row row{label, {}, false};
        for (const Generation &generation : generations)
            row.values.append(value(generation));
        // Nothing to show where none has a value.
        if (std::all_of(row.values.cbegin(), row.values.cend(), [](const QString &v) { return v.isEmpty(); }))
            return;
        row.differs = std::any_of(row.values.cbegin(), row.values.cend(),
                                  [&row](const QString &v) { return v != row.values.constFirst(); });
        rows.append(row);
    };
    const QLocale locale;
    add(tr("Prompt"), [](const Generation &g) { return g.request.prompt; });
    add(tr("Added to the prompt"), [](const Generation &g) { return g.request.customPrompt; });
    add(tr("Model"), [&catalog](const Generation &g) {
        const ModelSpec *spec = catalog.model(g.request.model);
        return spec ? spec->label : g.request.model;
    });
    add(tr("Size"), [](const Generation &g) { return g.size.isEmpty() ? g.request.size : g.size; });
    add(tr("Aspect ratio"), [](const Generation &g) { return g.request.aspectRatio; });
    add(tr("Quality"), [](const Generation &g) { return ChoiceText::label(g.request.quality); });
    add(tr("Style"), [](const Generation &g) { return ChoiceText::label(g.request.style); });
    add(tr("Images"), [](const Generation &g) { return QString::number(g.request.imageCount); });
    // Every option any of them was made with, by name.
    QStringList options;
    for (const Generation &generation : generations) {
        for (auto it = generation.request.parameters.cbegin(); it != generation.request.parameters.cend();
             ++it) {
            if (!options.contains(it.key()))
                options.append(it.key());
        }
    }
    options.sort();
    for (const QString &option : std::as_const(options))
        add(ChoiceText::optionName(option), [&option](const Generation &g) {
            return g.request.parameters.contains(option)
                       ? ChoiceText::label(g.request.parameters.value(option).toString())
                       : QString();
        });
    add(tr("Reference images"), [](const Generation &g) { return g.request.referenceImages().join(u'\n'); });
    add(tr("Created"), [&locale](const Generation &g) {
        return locale.toString(g.createdAt.toLocalTime(), QLocale::ShortFormat);
    });
    add(tr("Time to make"), [](const Generation &g) {
        return g.processingMs() >= 0 ? DurationText::compact(g.processingMs()) : QString();
    });
    add(tr("Cost"), [](const Generation &g) { return tr("%1 tokens").arg(g.tokensCharged); });
    add(tr("Attempts"), [](const Generation &g) { return QString::number(g.attempts); });
    add(tr("Rating"), [](const Generation &g) {
        return g.marks.rating > 0 ? QString(g.marks.rating, QChar(0x2605)) : QString();
    });
    add(tr("Favourite"), [](const Generation &g) { return g.marks.favorite ? tr("Yes") : QString(); });
    add(tr("Tags"), [](const Generation &g) { return g.marks.tags.join(QStringLiteral(", ")); });
    return rows;
}

} // namespace atelier
