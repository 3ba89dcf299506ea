package ru.vitrina.ingest.job;

/** A job was asked to start while a load of it is still running: loads of one job never overlap. */
public final class JobAlreadyRunningException extends IllegalStateException {
    private final String job;
    private final long runningLoadId;

    public JobAlreadyRunningException(String job, long runningLoadId) {
        super("Задание «" + job + "» уже выполняется (загрузка " + runningLoadId + ") / job " + job
                + " is already running (load " + runningLoadId + ")");
        this.job = job;
        this.runningLoadId = runningLoadId;
    }

    public String job() {
        return job;
    }

    public long runningLoadId() {
        return runningLoadId;
    }
}
