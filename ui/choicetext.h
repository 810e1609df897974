#pragma once

#include <QCoreApplication>
#include <QString>

namespace atelier {

// How a value of the catalog (a quality, a style, an option's value) reads in the window: "hd" is
// "HD (finer detail)", "jpeg" is "JPEG". One place, so every panel names a choice alike.
class ChoiceText
{
    Q_DECLARE_TR_FUNCTIONS(ChoiceText)

public:
    static QString label(const QString &value);
    // The name of a provider option: "output_format" is "File format".
    static QString optionName(const QString &name);
};

} // namespace atelier
