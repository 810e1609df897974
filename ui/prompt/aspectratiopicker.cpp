#include "aspectratiopicker.h"

#include "domain/modelcatalog.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QIconEngine>
#include <QPainter>
#include <QToolButton>

namespace atelier {

namespace {
// A rectangle of the ratio's shape in the text colour of the mode it is drawn for, so it follows the palette.
class RatioIconEngine final : public QIconEngine
{
public:
    RatioIconEngine(double aspect, QPalette palette) : m_aspect(aspect), m_palette(std::move(palette)) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        Q_UNUSED(state)
        const QSizeF box = m_aspect >= 1.0 ? QSizeF(rect.width(), rect.width() / m_aspect)
                                           : QSizeF(rect.height() * m_aspect, rect.height());
        QRectF shape(QPointF(), box * 0.85);
        shape.moveCenter(QRectF(rect).center());
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        const QPalette::ColorGroup group = mode == QIcon::Disabled ? QPalette::Disabled : QPalette::Normal;
        painter->setPen(QPen(m_palette.color(group, QPalette::ButtonText), 1.5));
        painter->drawRoundedRect(shape.adjusted(0.75, 0.75, -0.75, -0.75), 2, 2);
        painter->restore();
    }
    QIconEngine *clone() const override { return new RatioIconEngine(m_aspect, m_palette); }
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pixmap(size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        paint(&painter, QRect(QPoint(), size), mode, state);
        return pixmap;
    }

private:
    double m_aspect;
    QPalette m_palette;
};

double aspectOf(const QString &ratio)
{
    const QStringList parts = ratio.split(QLatin1Char(':'));
    const double height = parts.value(1).toDouble();
    return height > 0 ? parts.value(0).toDouble() / height : 1.0;
}
} // namespace

AspectRatioPicker::AspectRatioPicker(QWidget *parent) : QWidget(parent), m_group(new QButtonGroup(this))
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    const QStringList ratios = ModelCatalog::aspectRatios();
    for (int i = 0; i < ratios.size(); ++i) {
        auto *button = new QToolButton(this);
        button->setObjectName(QStringLiteral("ratio-") + ratios[i]);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        button->setIcon(QIcon(new RatioIconEngine(aspectOf(ratios[i]), palette())));
        button->setIconSize(QSize(24, 24));
        button->setProperty("ratio", ratios[i]);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        // Eight of them share a narrow column: a size smaller than the labels keeps them on four columns.
        QFont font = button->font();
        font.setPointSizeF(font.pointSizeF() * 0.85);
        button->setFont(font);
        m_group->addButton(button, i);
        m_buttons << button;
        layout->addWidget(button, i / 4, i % 4);
    }
    m_buttons.first()->setChecked(true);
    connect(m_group, &QButtonGroup::idClicked, this, [this] { Q_EMIT ratioChanged(ratio()); });
}

void AspectRatioPicker::setModel(const ModelSpec &spec)
{
    for (QToolButton *button : std::as_const(m_buttons)) {
        const QString ratio = button->property("ratio").toString();
        const QString size = spec.aspectSizes.value(ratio);
        QString shown = size;
        shown.replace(QLatin1Char('x'), QStringLiteral("×"));
        button->setText(QStringLiteral("%1\n%2").arg(ratio, shown));
        // Several ratios can map to one size; the button says which size a model really makes.
        button->setToolTip(size.isEmpty() ? tr("%1: this model has no size for it").arg(ratio)
                                          : tr("%1 makes %2 pixels with this model").arg(ratio, shown));
        button->setEnabled(!size.isEmpty());
    }
}

QString AspectRatioPicker::ratio() const
{
    const QAbstractButton *checked = m_group->checkedButton();
    return checked ? checked->property("ratio").toString() : QString();
}

void AspectRatioPicker::setRatio(const QString &ratio)
{
    for (QToolButton *button : std::as_const(m_buttons)) {
        if (button->property("ratio").toString() == ratio && button->isEnabled())
            button->setChecked(true);
    }
}

} // namespace atelier
