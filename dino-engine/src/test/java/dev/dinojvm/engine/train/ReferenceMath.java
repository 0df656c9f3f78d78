package dev.dinojvm.engine.train;

import dev.dinojvm.plugins.objective.DinoLoss;
/**
 * A plain double-precision rendering of the reference DINOLoss forward, written from main_dino.py
 * independently of {@link DinoLoss}, to compare against.
 */
final class ReferenceMath {

    private ReferenceMath() {}

    static double[] softmax(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] / temperature - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /**
     * for iq, q in enumerate(teacher_out): for v, s in enumerate(student_out): if v == iq: continue;
     * total += mean_b(sum_k(-q * log_softmax(s))); n += 1. Returns total / n.
     */
    static double dinoLoss(double[][] student, double[][] teacher, double[] center, int studentViews,
            int teacherViews, double studentTemperature, double teacherTemperature) {
        int batch = student.length / studentViews;
        double total = 0;
        int terms = 0;
        for (int iq = 0; iq < teacherViews; iq++) {
            for (int v = 0; v < studentViews; v++) {
                if (v == iq) {
                    continue;
                }
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                    double[] centred = new double[center.length];
                    for (int k = 0; k < center.length; k++) {
                        centred[k] = teacher[iq * batch + b][k] - center[k];
                    }
                    double[] q = softmax(centred, teacherTemperature);
                    double[] p = softmax(student[v * batch + b], studentTemperature);
                    for (int k = 0; k < q.length; k++) {
                        sum -= q[k] * Math.log(p[k]);
                    }
                }
                total += sum / batch;
                terms++;
            }
        }
        return total / terms;
    }

    /**
     * The KL divergence KL(q || p) of every (teacher view, other student view) pair, with q the centred,
     * sharpened teacher distribution and p the student's, averaged over images and pairs as the loss is.
     */
    static double teacherStudentKl(double[][] student, double[][] teacher, double[] center, int studentViews,
            int teacherViews, double studentTemperature, double teacherTemperature) {
        int batch = student.length / studentViews;
        double total = 0;
        int terms = 0;
        for (int iq = 0; iq < teacherViews; iq++) {
            for (int v = 0; v < studentViews; v++) {
                if (v == iq) {
                    continue;
                }
                for (int b = 0; b < batch; b++) {
                    double[] centred = new double[center.length];
                    for (int k = 0; k < center.length; k++) {
                        centred[k] = teacher[iq * batch + b][k] - center[k];
                    }
                    double[] q = softmax(centred, teacherTemperature);
                    double[] p = softmax(student[v * batch + b], studentTemperature);
                    for (int k = 0; k < q.length; k++) {
                        total += q[k] * (Math.log(q[k]) - Math.log(p[k])) / batch;
                    }
                }
                terms++;
            }
        }
        return total / terms;
    }
}
