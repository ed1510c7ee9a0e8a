namespace MasteryPath.Data;

public static class ClassAssignmentQueries
{
    /// <summary>
    /// The assignments a learner has now: set in a class they are a member of, for the whole class or for them.
    /// </summary>
    public static IQueryable<ClassAssignment> AssignedTo(this MasteryPathDb db, string learnerId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ClassAssignments.Where(a =>
            db.ClassMemberships.Any(m => m.ClassId == a.ClassId && m.LearnerId == learnerId)
            && (a.ForWholeClass || a.Learners.Any(l => l.LearnerId == learnerId)));
    }
}
