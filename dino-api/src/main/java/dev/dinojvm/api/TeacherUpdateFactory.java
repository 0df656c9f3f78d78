package dev.dinojvm.api;

/** Extension point: creates the {@link TeacherUpdateRule} selected by {@code dino.teacher.type}. */
public interface TeacherUpdateFactory extends Component {

    @Override
    default ComponentKind kind() {
        return ComponentKind.TEACHER_UPDATE;
    }

    /**
     * @param config validated settings under {@code dino.teacher} (the engine's own loss settings live
     *     there too, and are not passed)
     * @return the rule
     */
    TeacherUpdateRule create(ComponentConfig config);
}
